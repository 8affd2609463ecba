// An audio-tagging CNN over log-mel spectrograms [B, 1, 64 mels, T frames] (PANNs-style): conv blocks
// with 2x2 max pooling, then the mean over time and the max over frequency (mean([3]), amax([2])),
// dropout, a linear head. Any clip length.
// Model: MelCnn
// Calls: B=2, T=96 | B=3, T=40
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.MelCnn;

[Input("B, 1, 64, T")]
public partial class MelCnn
{
    [Conv2d(16, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
    [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
    [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
    private partial Tensor Features(Tensor x);

    [Dropout(0.3), Linear(10)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Features(x);                                            // [B, 64, 8, T / 8]
        x = x.mean([3]);                                            // [B, 64, 8]
        x = x.amax([2]);                                            // [B, 64]
        return Head(x);
    }
}
