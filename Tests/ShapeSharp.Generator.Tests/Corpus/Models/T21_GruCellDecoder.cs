// A greedy RNN decoder stepping an nn.GRUCell held in a plain field (as PyTorch users declare
// self.cell = nn.GRUCell(...) beside the layers), collecting the per-step logits in a List<Tensor> and
// stacking them to [B, steps, vocab].
// Finding: FINDINGS.md #5: the GRUCell field is not registered (never trained or saved).
// Model: GruCellDecoder
// Calls: B=2 | B=4
using System.Collections.Generic;
using ShapeSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Corpus.GruCellDecoder;

[Input("B, 16")]
public partial class GruCellDecoder
{
    private const int Steps = 5;
    private readonly GRUCell cell = nn.GRUCell(32, 32);

    [Linear(32), Tanh] private partial Tensor Init(Tensor z);
    [Embedding(20, 32)] private partial Tensor Embed(Tensor ids);
    [Linear(20)] private partial Tensor Out(Tensor h);

    public override Tensor forward(Tensor z)
    {
        var h = Init(z);                                                    // [B, 32]
        var token = zeros(z.shape[0], dtype: ScalarType.Int64);            // [B]
        var logits = new List<Tensor>();
        for (var step = 0; step < Steps; step++)
        {
            h = cell.call(Embed(token), h);
            var scores = Out(h);                                            // [B, 20]
            logits.Add(scores);
            token = scores.argmax(-1);
        }

        return stack(logits, dim: 1);                                       // [B, 5, 20]
    }
}
