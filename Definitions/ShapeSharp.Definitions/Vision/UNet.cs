using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Vision;

/// <summary>
/// U-Net's double convolution (Ronneberger et al. 2015): two 3x3 convolutions, each with batch norm
/// and ReLU. In comes from the input where it is used; Out is given at each use
/// (<c>[Layer&lt;DoubleConv&gt;(Sizes = "Out = 32")]</c>), so one class serves every stage.
/// </summary>
[Input("B, In, H, W", Sizes = "In")]
[Conv2d("Out", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
[Conv2d("Out", Kernel = 3, Padding = 1, Bias = false), BatchNorm2d, ReLU]
public partial class DoubleConv;

/// <summary>
/// A small U-Net for binary segmentation of one-channel images: two downsampling stages (16, 32
/// channels) to a 64-channel bottleneck, ConvTranspose2d upsampling, each decoder stage fusing the
/// upsampled map with the encoder's map of the same size (the skip concatenation), and one logit
/// per pixel, at the input's size (any height and width divisible by 4).
/// </summary>
[Input("B, 1, H, W")]
[Output("B, 1, H, W")]
[BCEWithLogitsLoss, Adam(LearningRate = 1e-3)]
public partial class UNet
{
    [Layer<DoubleConv>(Sizes = "Out = 16")] private partial Tensor Down1(Tensor x);
    [MaxPool2d(2), Layer<DoubleConv>(Sizes = "Out = 32")] private partial Tensor Down2(Tensor x);
    [MaxPool2d(2), Layer<DoubleConv>(Sizes = "Out = 64")] private partial Tensor Bottleneck(Tensor x);
    [ConvTranspose2d(32, Kernel = 2, Stride = 2)] private partial Tensor Up2(Tensor x);
    [Layer<DoubleConv>(Sizes = "Out = 32")] private partial Tensor Fuse2(Tensor x);
    [ConvTranspose2d(16, Kernel = 2, Stride = 2)] private partial Tensor Up1(Tensor x);
    [Layer<DoubleConv>(Sizes = "Out = 16")] private partial Tensor Fuse1(Tensor x);
    [Conv2d(1, Kernel = 1)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var skip1 = Down1(x);                                            // [B, 16, H, W]
        var skip2 = Down2(skip1);                                        // [B, 32, H / 2, W / 2]
        var deep = Bottleneck(skip2);                                    // [B, 64, H / 4, W / 4]
        // The skip first (as in the PyTorch U-Net ports): the joined map then has the skip's size,
        // which the checker knows as H / 2 and H, where the upsampled one reads 2 * (H / 4).
        x = Fuse2(cat(new[] { skip2, Up2(deep) }, dim: 1));              // [B, 32, H / 2, W / 2]
        x = Fuse1(cat(new[] { skip1, Up1(x) }, dim: 1));                 // [B, 16, H, W]
        return Head(x);                                                  // [B, 1, H, W]
    }
}
