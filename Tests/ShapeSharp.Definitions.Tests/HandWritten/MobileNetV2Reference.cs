using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// An inverted residual by hand (torchvision's InvertedResidual, one class for both strides):
/// expansion as nn.Sequential(Conv2d, BatchNorm2d, ReLU6), projection as nn.Sequential(Conv2d, BatchNorm2d), the depthwise kernel a
/// Parameter named <c>depthwise</c> run with groups = its channels, its batch norm and ReLU6
/// <c>depthwise_norm</c>, and the shortcut at stride 1.
/// </summary>
internal sealed class InvertedResidualReference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential expansion;
    private readonly Parameter depthwise;
    private readonly Sequential depthwise_norm;
    private readonly Sequential projection;
    private readonly long _stride;

    public InvertedResidualReference(long input, long hidden, long output, long stride)
        : base(nameof(InvertedResidualReference))
    {
        _stride = stride;
        expansion = nn.Sequential(nn.Conv2d(input, hidden, 1, bias: false), nn.BatchNorm2d(hidden), nn.ReLU6());
        depthwise = nn.Parameter(empty(hidden, 1, 3, 3));
        depthwise_norm = nn.Sequential(nn.BatchNorm2d(hidden), nn.ReLU6());
        projection = nn.Sequential(nn.Conv2d(hidden, output, 1, bias: false), nn.BatchNorm2d(output));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = expansion.forward(x);
        h = conv2d(h, depthwise, strides: new[] { _stride }, padding: new long[] { 1 }, groups: depthwise.shape[0]);
        h = projection.forward(depthwise_norm.forward(h));
        return _stride == 1 ? x + h : h;
    }
}

/// <summary>The small MobileNetV2 by hand: stem, stride-2 blocks opening each stage, stage 2 an nn.ModuleList of two.</summary>
internal sealed class MobileNetV2Reference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly InvertedResidualReference down1;
    private readonly InvertedResidualReference stage1;
    private readonly InvertedResidualReference down2;
    private readonly ModuleList<InvertedResidualReference> stage2;
    private readonly Sequential features;
    private readonly Sequential classifier;

    public MobileNetV2Reference()
        : base(nameof(MobileNetV2Reference))
    {
        stem = nn.Sequential(nn.Conv2d(3, 16, 3, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(16), nn.ReLU6());
        down1 = new InvertedResidualReference(16, 4 * 16, 24, stride: 2);
        stage1 = new InvertedResidualReference(24, 4 * 24, 24, stride: 1);
        down2 = new InvertedResidualReference(24, 4 * 24, 32, stride: 2);
        stage2 = nn.ModuleList(new InvertedResidualReference(32, 4 * 32, 32, 1), new InvertedResidualReference(32, 4 * 32, 32, 1));
        features = nn.Sequential(nn.Conv2d(32, 128, 1, bias: false), nn.BatchNorm2d(128), nn.ReLU6());
        classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2), nn.Linear(128, 10));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = stage1.forward(down1.forward(stem.forward(x)));
        x = down2.forward(x);
        foreach (var block in stage2)
        {
            x = block.forward(x);
        }

        return classifier.forward(features.forward(x));
    }
}
