namespace ShapeSharp.Generator.Tests.Composite;

/// <summary>Composite models as users write them: blocks, hand-written forwards, sub-models, recurrence.</summary>
internal static class CompositeSources
{
    public const string Usings = """
        using ShapeSharp;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn.functional;

        """;

    /// <summary>The design's second example: an encoder layer with fused QKV, stacked four times under an embedding.</summary>
    public const string TinyEncoder = Usings + """
        namespace Demo;

        [Input("B, T, 64")]
        public partial class EncoderLayer
        {
            private const int Heads = 4;

            [LayerNorm, Linear(192)] private partial Tensor Qkv(Tensor x);
            [Linear(64), Dropout(0.1)] private partial Tensor Proj(Tensor x);
            [LayerNorm, Linear(128), GELU, Linear(64)] private partial Tensor Mlp(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var qkv = Qkv(x).chunk(3, dim: -1);
                var attn = scaled_dot_product_attention(Split(qkv[0]), Split(qkv[1]), Split(qkv[2]));
                x = x + Proj(Merge(attn));
                return x + Mlp(x);
            }

            private static Tensor Split(Tensor t) => t.view(t.shape[0], t.shape[1], Heads, -1).transpose(1, 2);

            private static Tensor Merge(Tensor t) => t.transpose(1, 2).reshape(t.shape[0], t.shape[2], -1);
        }

        [Input("B, T", Dtype = DType.Int64)]
        [CrossEntropyLoss]
        public partial class TinyEncoder
        {
            [Embedding("vocab", 64)] private partial Tensor Embed(Tensor ids);
            [Layer<EncoderLayer>(Repeat = 2)] private partial Tensor Layers(Tensor x);
            [LayerNorm, Linear("classes")] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor ids) => Head(Layers(Embed(ids)).mean([1]));
        }
        """;

    /// <summary>A BiLSTM over embeddings whose final states feed the head; and a GRU seq2seq encoder returning its states.</summary>
    public const string Recurrent = Usings + """
        namespace Demo;

        [Input("B, T", Dtype = DType.Int64)]
        public partial class BiLstmClassifier
        {
            [Embedding(100, 32)] private partial Tensor Embed(Tensor ids);
            [LSTM(48, Bidirectional = true)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encode(Tensor x);
            [Dropout(0.2), Linear(5)] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor ids)
            {
                var (output, hidden, _) = Encode(Embed(ids));
                var last = cat(new[] { hidden[-2], hidden[-1] }, dim: 1);
                return Head(last + output.mean([1]));
            }
        }

        [Input("B, S, 16", Name = "source")]
        [Input("B, T, 16", Name = "target")]
        public partial class GruSeq2Seq
        {
            [GRU(32)] private partial (Tensor, Tensor) Encoder(Tensor x);
            [GRU(32)] private partial (Tensor, Tensor) Decoder(Tensor x, Tensor? h0);
            [Linear(16)] private partial Tensor Out(Tensor x);

            public override Tensor forward(Tensor source, Tensor target)
            {
                var (memory, hidden) = Encoder(source);
                var (states, _) = Decoder(target, hidden);
                var scores = states.bmm(memory.transpose(1, 2)).softmax(-1);
                var context = scores.bmm(memory);
                return Out(states + context);
            }
        }
        """;

    /// <summary>A GPT-style head tied to the token embedding, and cross-attention as a MultiheadAttention block.</summary>
    public const string TiedAndAttention = Usings + """
        namespace Demo;

        [Input("B, T", Dtype = DType.Int64)]
        public partial class TiedLm
        {
            [Embedding("vocab", 32)] private partial Tensor Embed(Tensor ids);
            [LayerNorm] private partial Tensor Norm(Tensor x);
            [Linear("vocab", Bias = false, TiedTo = nameof(Embed))] private partial Tensor Head(Tensor x);

            public override Tensor forward(Tensor ids) => Head(Norm(Embed(ids)));
        }

        [Input("B, T, 32", Name = "decoder")]
        [Input("B, S, 32", Name = "memory")]
        public partial class CrossAttention
        {
            [MultiheadAttention(4, Dropout = 0.1)] private partial (Tensor Output, Tensor Weights) Attend(Tensor query, Tensor key, Tensor value);
            [MultiheadAttention(4)] private partial Tensor SelfAttend(Tensor query, Tensor key, Tensor value, Tensor? mask);

            public override Tensor forward(Tensor decoder, Tensor memory)
            {
                var causal = ones(decoder.shape[1], decoder.shape[1], dtype: ScalarType.Bool).triu(1);
                var x = decoder + SelfAttend(decoder, decoder, decoder, causal);
                var (context, _) = Attend(x, memory, memory);
                return x + context;
            }
        }
        """;

    /// <summary>Learned tensors declared with [Learned]: a ViT-style class token and position table, a LayerScale, a sub-model with one.</summary>
    public const string Learned = Usings + """
        using TorchSharp.Modules;

        namespace Demo;

        [Input("B, 8, 64")]
        public partial class TinyVit
        {
            [Learned("1, 1, 64", TruncatedNormal = 0.02)] private readonly Parameter cls_token;
            [Learned("1, 9, 64", Normal = 0.02)] private readonly Parameter pos_embed;
            [Learned("classes, 64", Uniform = 0.1)] private readonly Parameter prototypes;

            [Layer<ScaledMlp>(Repeat = 2)] private partial Tensor Layers(Tensor x);
            [LayerNorm] private partial Tensor Norm(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var cls = cls_token.expand(x.shape[0], -1, -1);
                x = Layers(cat(new[] { cls, x }, dim: 1) + pos_embed);
                return Norm(x[.., 0]).matmul(prototypes.t());
            }
        }

        /// <summary>An MLP whose residual branch is scaled per feature (LayerScale, as in CaiT and DINOv2).</summary>
        [Input("B, T, 64")]
        public partial class ScaledMlp
        {
            [Learned("64", Fill = 1e-5)] private readonly Parameter gamma;

            [LayerNorm, Linear(128), GELU, Linear(64)] private partial Tensor Mlp(Tensor x);

            public override Tensor forward(Tensor x) => x + gamma * Mlp(x);
        }
        """;
}
