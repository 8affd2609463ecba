using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// ResNet's basic block by hand: conv-bn-relu-conv-bn as an nn.Sequential named <c>body</c>
/// (so body.0.weight, body.1.running_mean, ...) around the identity shortcut.
/// </summary>
internal sealed class BasicBlockReference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public BasicBlockReference(long channels)
        : base(nameof(BasicBlockReference))
    {
        body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding: 1, bias: false), nn.BatchNorm2d(channels), nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding: 1, bias: false), nn.BatchNorm2d(channels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => relu(body.forward(x) + x);
}

/// <summary>
/// The CIFAR ResNet by hand: stem, stages of basic blocks (stage1 an nn.ModuleList of two), and
/// the two downsampling steps with their projected shortcuts, each an nn.Sequential.
/// </summary>
internal sealed class ResNetReference : nn.Module<Tensor, Tensor>
{
    private readonly Sequential stem;
    private readonly ModuleList<BasicBlockReference> stage1;
    private readonly Sequential down2;
    private readonly Sequential shortcut2;
    private readonly BasicBlockReference stage2;
    private readonly Sequential down3;
    private readonly Sequential shortcut3;
    private readonly BasicBlockReference stage3;
    private readonly Sequential head;

    public ResNetReference()
        : base(nameof(ResNetReference))
    {
        stem = nn.Sequential(nn.Conv2d(3, 32, 3, padding: 1, bias: false), nn.BatchNorm2d(32), nn.ReLU());
        stage1 = nn.ModuleList(new BasicBlockReference(32), new BasicBlockReference(32));
        (down2, shortcut2) = Downsample(32, 64);
        stage2 = new BasicBlockReference(64);
        (down3, shortcut3) = Downsample(64, 128);
        stage3 = new BasicBlockReference(128);
        head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = stem.forward(x);
        foreach (var block in stage1)
        {
            x = block.forward(x);
        }

        x = stage2.forward(relu(down2.forward(x) + shortcut2.forward(x)));
        x = stage3.forward(relu(down3.forward(x) + shortcut3.forward(x)));
        return head.forward(x);
    }

    /// <summary>Halves the resolution and widens: a strided two-conv path and a strided 1x1 projection.</summary>
    private static (Sequential Path, Sequential Shortcut) Downsample(long input, long output) =>
        (nn.Sequential(
            nn.Conv2d(input, output, 3, stride: 2, padding: 1, bias: false), nn.BatchNorm2d(output), nn.ReLU(),
            nn.Conv2d(output, output, 3, padding: 1, bias: false), nn.BatchNorm2d(output)),
         nn.Sequential(nn.Conv2d(input, output, 1, stride: 2, bias: false), nn.BatchNorm2d(output)));
}
