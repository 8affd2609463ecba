// A conditional GAN generator (Mirza & Osindero 2014): the noise concatenated with an embedding of the
// class label, an MLP, and the images viewed as [-1, 1, 28, 28].
// Model: ConditionalGenerator
// Ids: 10
// Calls: B=2 | B=7
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.ConditionalGan;

[Input("B, 100", Name = "noise")]
[Input("B", Name = "labels", Dtype = DType.Int64)]
public partial class ConditionalGenerator
{
    [Embedding(10, 10)] private partial Tensor LabelEmbed(Tensor labels);
    [Linear(256), LeakyReLU(NegativeSlope = 0.2), Linear(512), LeakyReLU(NegativeSlope = 0.2), Linear(784), Tanh] private partial Tensor Net(Tensor x);

    public override Tensor forward(Tensor noise, Tensor labels)
    {
        var x = cat(new[] { noise, LabelEmbed(labels) }, -1);       // [B, 110]
        return Net(x).view(-1, 1, 28, 28);                          // [B, 1, 28, 28]
    }
}
