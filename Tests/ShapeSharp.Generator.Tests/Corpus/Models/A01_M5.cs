// M5 (Dai et al. 2017) as in torchaudio's speech-command tutorial: raw 8 kHz audio [B, 1, 8000], a
// wide strided Conv1d, BatchNorm1d, MaxPool1d(4) blocks, F.avg_pool1d(x, x.shape[-1]) over what is
// left, permute(0, 2, 1), a linear layer, F.log_softmax(dim: 2).
// Model: M5
// Calls: B=2 | B=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.M5;

[Input("B, 1, 8000")]
public partial class M5
{
    [Conv1d(32, Kernel = 80, Stride = 16), BatchNorm1d, ReLU, MaxPool1d(4)] private partial Tensor Block1(Tensor x);
    [Conv1d(32, Kernel = 3), BatchNorm1d, ReLU, MaxPool1d(4)] private partial Tensor Block2(Tensor x);
    [Conv1d(64, Kernel = 3), BatchNorm1d, ReLU, MaxPool1d(4)] private partial Tensor Block3(Tensor x);
    [Conv1d(64, Kernel = 3), BatchNorm1d, ReLU, MaxPool1d(4)] private partial Tensor Block4(Tensor x);
    [Linear(35)] private partial Tensor Fc1(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Block4(Block3(Block2(Block1(x))));                      // [B, 64, 1]
        x = avg_pool1d(x, x.shape[^1]);
        x = x.permute(0, 2, 1);                                     // [B, 1, 64]
        x = Fc1(x);
        return log_softmax(x, dim: 2);                              // [B, 1, 35]
    }
}
