// MLP-Mixer (Tolstikhin et al. 2021): patches by a strided conv, flatten(2).transpose(1, 2) to
// [B, 16 patches, 64 channels], token mixing (transpose(1, 2), an MLP across patches, transpose back)
// and channel mixing, a Mixer layer sub-model repeated; every width is a const of the class used in
// the attributes ([Linear(TokenHidden)]), as C# users name their sizes.
// Model: MlpMixer
// Calls: B=2 | B=3
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.MlpMixer;

[Input("B, 16, 64")]
public partial class MixerLayer
{
    private const int Patches = 16;
    private const int TokenHidden = 32;
    private const int ChannelHidden = 128;
    private const int Channels = 64;

    [LayerNorm] private partial Tensor Norm1(Tensor x);
    [Linear(TokenHidden), GELU, Linear(Patches)] private partial Tensor TokenMixing(Tensor x);
    [LayerNorm, Linear(ChannelHidden), GELU, Linear(Channels)] private partial Tensor ChannelMixing(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var y = Norm1(x).transpose(1, 2);               // [B, 64, 16]
        x = x + TokenMixing(y).transpose(1, 2);         // [B, 16, 64]
        return x + ChannelMixing(x);
    }
}

[Input("B, 3, 32, 32")]
public partial class MlpMixer
{
    private const int PatchSize = 8;
    private const int Classes = 10;

    [Conv2d(64, Kernel = PatchSize, Stride = PatchSize)] private partial Tensor Stem(Tensor x);
    [Layer<MixerLayer>(Repeat = 2)] private partial Tensor Layers(Tensor x);
    [LayerNorm] private partial Tensor Norm(Tensor x);
    [Linear(Classes)] private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x)
    {
        x = Stem(x).flatten(2).transpose(1, 2);         // [B, 16, 64]
        return Head(Norm(Layers(x)).mean([1]));         // [B, 10]
    }
}
