// A GRU sequence classifier over feature frames (e.g. MFCCs): two stacked layers, the last layer's
// final hidden state h_n[-1] to the head.
// Model: GruClassifier
// Calls: B=2, T=13 | B=3, T=5
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.GruLastHidden;

[Input("B, T, 40")]
public partial class GruClassifier
{
    [GRU(64, Layers = 2)] private partial (Tensor Output, Tensor Hidden) Rnn(Tensor x);
    [Linear(32), ReLU, Linear(6)] private partial Tensor Fc(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var (_, hidden) = Rnn(x);                                   // [2, B, 64]
        return Fc(hidden[-1]);                                      // [B, 6]
    }
}
