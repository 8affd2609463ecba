// A highway network (Srivastava et al. 2015): two highway layers, each y = t * relu(H(x)) + (1 - t) * x
// with the transform gate t = sigmoid(T(x)), the carry written as 1 - t; then a classifier.
// Model: Highway
// Calls: B=2 | B=5
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.Highway;

[Input("B, 50")]
public partial class Highway
{
    [Linear(50)] private partial Tensor Plain1(Tensor x);
    [Linear(50)] private partial Tensor Transform1(Tensor x);
    [Linear(50)] private partial Tensor Plain2(Tensor x);
    [Linear(50)] private partial Tensor Transform2(Tensor x);
    [Linear(3)] private partial Tensor Classifier(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var t = Transform1(x).sigmoid();
        x = t * Plain1(x).relu() + (1 - t) * x;
        t = Transform2(x).sigmoid();
        x = t * Plain2(x).relu() + (1 - t) * x;
        return Classifier(x);
    }
}
