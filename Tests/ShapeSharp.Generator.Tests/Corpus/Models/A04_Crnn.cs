// A CRNN for keyword spotting: conv blocks over a [B, 1, 40, T] spectrogram, permute(0, 3, 1, 2) and
// reshape(b, t, -1) to a sequence of frame features, a GRU, the last step to the classes.
// Model: Crnn
// Calls: B=2, T=32 | B=3, T=20
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.Crnn;

[Input("B, 1, 40, T")]
public partial class Crnn
{
    [Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
    [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
    private partial Tensor Cnn(Tensor x);

    [GRU(64)] private partial Tensor Rnn(Tensor x);
    [Linear(12)] private partial Tensor Classifier(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Cnn(x);                                                 // [B, 32, 10, T / 4]
        x = x.permute(0, 3, 1, 2);                                  // [B, T / 4, 32, 10]
        x = x.reshape(x.shape[0], x.shape[1], -1);                  // [B, T / 4, 320]
        var output = Rnn(x);                                        // [B, T / 4, 64]
        return Classifier(output[.., -1]);                          // [B, 12]
    }
}
