// A sequence tagger (Lample et al. 2016 / Ma & Hovy 2016): word embeddings plus a per-word character
// CNN (chars [B, T, L] viewed to [B * T, L], embedded, transposed to [B*T, 16, L], Conv1d, a max over
// L, viewed back to [B, T, 32]), concatenated, a BiLSTM, one score per tag per token.
// Model: CharWordTagger
// Sizes: words=80, chars=30
// Calls: B=2, T=6, L=5 | B=3, T=4, L=9
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.CharWordTagger;

[Input("B, T", Name = "words", Dtype = DType.Int64)]
[Input("B, T, L", Name = "chars", Dtype = DType.Int64)]
public partial class CharWordTagger
{
    [Embedding("words", 48)] private partial Tensor WordEmbed(Tensor ids);
    [Embedding("chars", 16)] private partial Tensor CharEmbed(Tensor ids);
    [Conv1d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor CharConv(Tensor x);
    [LSTM(64, Bidirectional = true)] private partial Tensor Encoder(Tensor x);
    [Linear(9)] private partial Tensor Tags(Tensor x);

    public override Tensor forward(Tensor words, Tensor chars)
    {
        var (b, t, l) = (chars.shape[0], chars.shape[1], chars.shape[2]);
        var c = CharEmbed(chars.view(b * t, l)).transpose(1, 2);   // [B*T, 16, L]
        var perWord = CharConv(c).max(dim: 2).values.view(b, t, 32); // [B, T, 32]
        var features = torch.cat(new[] { WordEmbed(words), perWord }, dim: -1);  // [B, T, 80]
        return Tags(Encoder(features));                             // [B, T, 9]
    }
}
