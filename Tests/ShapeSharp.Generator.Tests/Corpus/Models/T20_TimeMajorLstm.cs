// A time-major LSTM as PyTorch's default (batch_first=False): the batch-first input transposed to
// [T, B, F] with transpose(0, 1), an LSTM with BatchFirst = false, the last time step output[-1].
// Model: TimeMajorLstm
// Calls: B=2, T=7 | B=5, T=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.TimeMajorLstm;

[Input("B, T, 10")]
public partial class TimeMajorLstm
{
    [LSTM(24, BatchFirst = false)] private partial Tensor Rnn(Tensor x);
    [Linear(3)] private partial Tensor Fc(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var output = Rnn(x.transpose(0, 1));                        // [T, B, 24]
        return Fc(output[-1]);                                      // [B, 3]
    }
}
