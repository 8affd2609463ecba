// A Kineto trace (CPU ops and CUDA kernels, the same data torch.profiler records) of a TorchSharp
// program: TorchSharp 0.107 binds no profiler, so the benchmark's `steps --profile` loads this small
// library, built on the GPU machine against its libtorch by run.sh's `profiler-lib` command.
#include <torch/csrc/autograd/profiler_kineto.h>

#include <exception>
#include <set>
#include <string>

namespace {
std::string last_error;

const char* fail(const std::exception& e) {
  last_error = e.what();
  return last_error.c_str();
}
}  // namespace

extern "C" {

// Each returns null on success, else the error's message (valid until the next call).
const char* shapesharp_profiler_start() {
  try {
    using namespace torch::profiler::impl;
    // Without input shapes, as torch.profiler records by default, so that both sides' traces pay
    // the same profiling cost per op (recording shapes adds to every op's time).
    ProfilerConfig config(ProfilerState::KINETO, /*report_input_shapes=*/false);
    const std::set<ActivityType> activities{ActivityType::CPU, ActivityType::CUDA};
    torch::autograd::profiler::prepareProfiler(config, activities);
    torch::autograd::profiler::enableProfiler(config, activities);
    return nullptr;
  } catch (const std::exception& e) {
    return fail(e);
  }
}

const char* shapesharp_profiler_stop(const char* path) {
  try {
    auto result = torch::autograd::profiler::disableProfiler();
    result->save(path);
    return nullptr;
  } catch (const std::exception& e) {
    return fail(e);
  }
}
}
