// PyTorch's examples/mnist "Net", written as that forward is: F.relu, F.max_pool2d, F.dropout2d and
// F.dropout with `training`, x.view(x.size(0), -1), F.log_softmax(x, dim: 1) (through an alias F).
// Model: MnistNet
// Calls: B=2 | B=7
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Corpus.MnistNet;

[Input("B, 1, 28, 28")]
[NLLLoss]
public partial class MnistNet
{
    [Conv2d(32, Kernel = 3)] private partial Tensor Conv1(Tensor x);
    [Conv2d(64, Kernel = 3)] private partial Tensor Conv2(Tensor x);
    [Linear(128)] private partial Tensor Fc1(Tensor x);
    [Linear(10)] private partial Tensor Fc2(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = F.relu(Conv1(x));                                       // [B, 32, 26, 26]
        x = F.relu(Conv2(x));                                       // [B, 64, 24, 24]
        x = F.max_pool2d(x, 2);                                     // [B, 64, 12, 12]
        x = F.dropout2d(x, 0.25, training);
        x = x.view(x.size(0), -1);                                  // [B, 9216]
        x = F.relu(Fc1(x));
        x = F.dropout(x, 0.5, training);
        return F.log_softmax(Fc2(x), dim: 1);                       // [B, 10]
    }
}
