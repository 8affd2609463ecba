// A CLIP-style dual encoder (Radford et al. 2021): image and text projections L2-normalised, logits
// = exp(logit_scale) * image @ text.T with logit_scale a learned scalar (an nn.Parameter field
// initialised to ln(1 / 0.07), as CLIP's code does), returning the [B, B] image-to-text logits.
// Finding: FINDINGS.md #4: the logitScale Parameter field is not registered (never trained or saved).
// Model: ClipDualEncoder
// Calls: B=3, T=5 | B=4, T=7
using System;
using ShapeSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Corpus.ClipDualEncoder;

[Input("B, 3, 32, 32", Name = "images")]
[Input("B, T, 48", Name = "tokens")]
public partial class ClipDualEncoder
{
    private readonly Parameter logitScale = nn.Parameter(tensor(Math.Log(1 / 0.07), dtype: ScalarType.Float32));

    [Conv2d(32, Kernel = 3, Stride = 2, Padding = 1), ReLU, Conv2d(64, Kernel = 3, Stride = 2, Padding = 1), ReLU, AdaptiveAvgPool2d(1), Flatten, Linear(64)]
    private partial Tensor ImageEncoder(Tensor x);

    [LayerNorm, Linear(64), GELU, Linear(64)] private partial Tensor TextEncoder(Tensor x);

    public override Tensor forward(Tensor images, Tensor tokens)
    {
        var imageFeatures = normalize(ImageEncoder(images), dim: -1);           // [B, 64]
        var textFeatures = normalize(TextEncoder(tokens).mean([1]), dim: -1);   // [B, 64]
        return logitScale.exp() * imageFeatures.matmul(textFeatures.t());       // [B, B]
    }
}
