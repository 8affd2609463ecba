using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ShapeSharp.Definitions.Tests.HandWritten;

/// <summary>
/// Seq2seq with Bahdanau attention by hand, in the PyTorch translation tutorial's shape: a
/// bidirectional GRU encoder, a bridge from its final states to the decoder's first, and a GRU
/// decoder that attends (v·tanh(W·s + U·h)) before each teacher-forced step.
/// </summary>
internal sealed class Seq2SeqAttentionReference : nn.Module<Tensor, Tensor, Tensor>
{
    private const long Width = 64;

    private readonly Embedding source_embed;
    private readonly GRU encoder;
    private readonly Sequential bridge;
    private readonly Embedding target_embed;
    private readonly Linear attend_keys;
    private readonly Linear attend_query;
    private readonly Linear attend_score;
    private readonly GRU decoder;
    private readonly Linear @out;

    public Seq2SeqAttentionReference(long sourceVocab, long targetVocab)
        : base(nameof(Seq2SeqAttentionReference))
    {
        source_embed = nn.Embedding(sourceVocab, Width);
        encoder = nn.GRU(Width, Width, batchFirst: true, bidirectional: true);
        bridge = nn.Sequential(nn.Linear(2 * Width, Width), nn.Tanh());
        target_embed = nn.Embedding(targetVocab, Width);
        attend_keys = nn.Linear(2 * Width, Width, hasBias: false);
        attend_query = nn.Linear(Width, Width, hasBias: false);
        attend_score = nn.Linear(Width, 1, hasBias: false);
        decoder = nn.GRU(3 * Width, Width, batchFirst: true);
        @out = nn.Linear(3 * Width, targetVocab);
        RegisterComponents();
    }

    public override Tensor forward(Tensor source, Tensor target)
    {
        var (memory, final) = encoder.forward(source_embed.forward(source));             // [B, S, 2W], [2, B, W]
        var state = bridge.forward(cat(new[] { final[0], final[1] }, dim: 1)).unsqueeze(0);  // [1, B, W]
        var keys = attend_keys.forward(memory);                                            // U·h, once per sequence
        var embedded = target_embed.forward(target);
        var steps = new List<Tensor>();
        for (long t = 0; t < target.shape[1]; t++)
        {
            var query = attend_query.forward(state.permute(1, 0, 2));                       // W·s: [B, 1, W]
            var weights = softmax(attend_score.forward(tanh(keys + query)), dim: 1);       // [B, S, 1]
            var context = (memory * weights).sum(1, keepdim: true);                         // [B, 1, 2W]
            var (output, next) = decoder.forward(cat(new[] { embedded[.., (int)t..(int)(t + 1)], context }, dim: 2), state);
            state = next;  // one layer, one direction: h_n is the step's output
            steps.Add(@out.forward(cat(new[] { output, context }, dim: 2)));
        }

        return cat(steps, dim: 1);
    }
}
