using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// The U-Net by hand: each double convolution an nn.Sequential named <c>layers</c> (as the
/// generated DoubleConv, a sequential model), the pooled stages nn.Sequential(MaxPool2d, DoubleConv),
/// the upsampling ConvTranspose2d modules and the 1x1 head registered directly.
/// </summary>
internal sealed class UNetReference : nn.Module<Tensor, Tensor>
{
    private readonly SequentialReference down1;
    private readonly Sequential down2;
    private readonly Sequential bottleneck;
    private readonly ConvTranspose2d up2;
    private readonly SequentialReference fuse2;
    private readonly ConvTranspose2d up1;
    private readonly SequentialReference fuse1;
    private readonly Conv2d head;

    public UNetReference()
        : base(nameof(UNetReference))
    {
        down1 = DoubleConv(1, 16);
        down2 = nn.Sequential(nn.MaxPool2d(2), DoubleConv(16, 32));
        bottleneck = nn.Sequential(nn.MaxPool2d(2), DoubleConv(32, 64));
        up2 = nn.ConvTranspose2d(64, 32, 2, stride: 2);
        fuse2 = DoubleConv(64, 32);
        up1 = nn.ConvTranspose2d(32, 16, 2, stride: 2);
        fuse1 = DoubleConv(32, 16);
        head = nn.Conv2d(16, 1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var skip1 = down1.forward(x);
        var skip2 = down2.forward(skip1);
        var deep = bottleneck.forward(skip2);
        x = fuse2.forward(cat(new[] { skip2, up2.forward(deep) }, 1));
        x = fuse1.forward(cat(new[] { skip1, up1.forward(x) }, 1));
        return head.forward(x);
    }

    internal static SequentialReference DoubleConv(long input, long output) => new(
        nn.Conv2d(input, output, 3, padding: 1, bias: false), nn.BatchNorm2d(output), nn.ReLU(),
        nn.Conv2d(output, output, 3, padding: 1, bias: false), nn.BatchNorm2d(output), nn.ReLU());
}
