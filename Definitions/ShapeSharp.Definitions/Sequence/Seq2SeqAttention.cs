using System.Collections.Generic;
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Sequence;

/// <summary>
/// Sequence to sequence with Bahdanau (additive) attention, as in the PyTorch translation
/// tutorial: a bidirectional GRU encoder, and a GRU decoder that at every step scores each encoder
/// position against its previous state, v·tanh(W·s + U·h), and reads the weighted context along
/// with the next target token (teacher forcing). Returns logits [B, T, targetVocab].
/// </summary>
[Input("B, S", Name = "source", Dtype = DType.Int64)]
[Input("B, T", Name = "target", Dtype = DType.Int64)]
public partial class Seq2SeqAttention
{
    [Embedding("sourceVocab", 64)] private partial Tensor SourceEmbed(Tensor ids);

    [GRU(64, Bidirectional = true)] private partial (Tensor Output, Tensor Hidden) Encoder(Tensor x);

    [Linear(64), Tanh] private partial Tensor Bridge(Tensor x);                // encoder's last states -> decoder's first

    [Embedding("targetVocab", 64)] private partial Tensor TargetEmbed(Tensor ids);

    [Linear(64, Bias = false)] private partial Tensor AttendKeys(Tensor x);    // U
    [Linear(64, Bias = false)] private partial Tensor AttendQuery(Tensor x);   // W
    [Linear(1, Bias = false)] private partial Tensor AttendScore(Tensor x);    // v

    [GRU(64)] private partial (Tensor Output, Tensor Hidden) Decoder(Tensor x, Tensor h0);

    [Linear("targetVocab")] private partial Tensor Out(Tensor x);

    public override Tensor forward(Tensor source, Tensor target)
    {
        var (memory, hidden) = Encoder(SourceEmbed(source));                    // [B, S, 128], [2, B, 64]
        var state = Bridge(cat(new[] { hidden[0], hidden[1] }, dim: 1)).unsqueeze(0);  // [1, B, 64]
        var keys = AttendKeys(memory);                                          // [B, S, 64]
        var embedded = TargetEmbed(target);                                     // [B, T, 64]
        var logits = new List<Tensor>();
        for (long t = 0; t < target.shape[1]; t++)
        {
            var (output, context) = Step(embedded.narrow(1, t, 1), state, memory, keys);
            state = output.transpose(0, 1);                                     // [1, B, 64]: the next step's state
            logits.Add(Out(cat(new[] { output, context }, dim: 2)));           // [B, 1, targetVocab]
        }

        return cat(logits, dim: 1);
    }

    /// <summary>One decoder step: attention over the memory from the previous state, then the GRU.</summary>
    private (Tensor Output, Tensor Context) Step(Tensor token, Tensor state, Tensor memory, Tensor keys)
    {
        var query = AttendQuery(state.transpose(0, 1));                         // [B, 1, 64]
        var weights = softmax(AttendScore(tanh(query + keys)), dim: 1);         // [B, S, 1]
        var context = (weights * memory).sum(1, keepdim: true);                 // [B, 1, 128]
        var (output, _) = Decoder(cat(new[] { token, context }, dim: 2), state);  // [B, 1, 64]
        return (output, context);
    }
}
