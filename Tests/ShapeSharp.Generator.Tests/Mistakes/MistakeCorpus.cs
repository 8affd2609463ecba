using System.Collections.Generic;
using System.Linq;

namespace ShapeSharp.Generator.Tests.Mistakes;

/// <summary>
/// One classic mistake in a model written the way users write it (tutorials, papers, bug reports).
/// <see cref="Source"/> marks with <c>[|...|]</c> where the one diagnostic must be (the line, op or
/// call the user has to change) and with <c>{|...|}</c> the layer argument it contradicts, when it
/// names one. <see cref="Shapes"/> are texts the message must contain (the shapes involved).
/// </summary>
/// <param name="Gap">
/// Set when the checker does not do this today (not caught, caught twice, elsewhere, or with noise):
/// what it does instead. The case stays in the corpus with the behaviour it should have; the gap test
/// fails once the checker does it, so the note is removed then.
/// </param>
/// <param name="Repro">The gap reduced to a minimal model, marked and expected the same way (same ID).</param>
public sealed record Mistake(string Name, string Id, string Source, string[] Shapes, string? Gap = null, Gap? Repro = null)
{
    public override string ToString() => Name;
}

/// <summary>A minimal model showing a gap: the span, additional location and message texts it should have.</summary>
public sealed record Gap(string Source, string[] Shapes);

public static class MistakeCorpus
{
    private const string Usings = """
        using ShapeSharp;
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn.functional;

        namespace Demo;

        """;

    private static Mistake M(string name, string id, string source, string[] shapes, string? gap = null, string? repro = null, string[]? reproShapes = null) =>
        new(name, id, Usings + source, shapes, gap, repro is null ? null : new Gap(Usings + repro, reproShapes ?? shapes));

    public static readonly Mistake[] All =
    {
        // ---- Sizes computed by hand -------------------------------------------------------------
        M("LeNet's flatten size for 32x32 on 28x28 images", "SS0001", """
            [Input("B, 1, 28, 28")]
            [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2)]
            [Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
            [Flatten, Linear(120, [|In = 400|]), ReLU, Linear(84), ReLU, Linear(10)]
            [CrossEntropyLoss, Adam(LearningRate = 1e-3)]
            public partial class LeNet;
            """, new[] { "In = 400", "[B, 256]" }),

        M("LeNet's classifier block sized for 400 features, called with 256", "SS0001", """
            [Input("B, 1, 28, 28")]
            public partial class LeNet
            {
                [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
                private partial Tensor Features(Tensor x);

                [Linear(120, {|In = 400|}), ReLU, Linear(84), ReLU, Linear(10)]
                private partial Tensor Classifier(Tensor x);

                public override Tensor forward(Tensor x) => [|Classifier(Features(x).flatten(1))|];
            }
            """, new[] { "In = 400", "[B, 256]" }),

        M("a grayscale model (in_channels = 1) given RGB images", "SS0001", """
            [Input("B, 3, 32, 32")]
            [Conv2d(6, Kernel = 5, [|In = 1|]), ReLU, MaxPool2d(2)]
            [Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
            [Flatten, Linear(120), ReLU, Linear(10)]
            public partial class LeNetCifar;
            """, new[] { "In = 1", "[B, 3, 32, 32]" }),

        M("a BiLSTM tagger whose head is sized for one direction", "SS0001", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class BiLstmTagger
            {
                [Embedding("vocab", 100)] private partial Tensor Embed(Tensor ids);
                [LSTM(128, Bidirectional = true)] private partial Tensor Encode(Tensor x);
                [Dropout(0.5), Linear(9, {|In = 128|})] private partial Tensor Tag(Tensor x);

                public override Tensor forward(Tensor ids) => [|Tag(Encode(Embed(ids)))|];
            }
            """, new[] { "In = 128", "[B, T, 256]" }),

        // ---- Layout: channels first vs features last ---------------------------------------------
        M("no permute between a conv front-end [B, C, T] and an LSTM", "SS0022", """
            [Input("B, 40, T")]
            public partial class KeywordSpotter
            {
                [Conv1d(64, Kernel = 3, Padding = 1), BatchNorm1d, ReLU] private partial Tensor Frontend(Tensor x);
                [{|LSTM(128)|}] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encode(Tensor x);
                [Linear(35)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var features = Frontend(x);                   // [B, 64, T]
                    var (_, hidden, _) = [|Encode(features)|];    // needs features.transpose(1, 2)
                    return Head(hidden[-1]);
                }
            }
            """, new[] { "[B, 64, T]" }),

        M("no permute between embeddings [B, T, E] and a Conv1d (TextCNN)", "SS0022", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class TextCnn
            {
                [Embedding("vocab", 128)] private partial Tensor Embed(Tensor ids);
                [{|Conv1d(100, Kernel = 3)|}, ReLU] private partial Tensor Conv3(Tensor x);
                [Dropout(0.5), Linear(2)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids)
                {
                    var x = Embed(ids);                           // [B, T, 128]
                    var h = [|Conv3(x)|];                         // needs x.transpose(1, 2)
                    return Head(h.amax(new long[] { 2 }));
                }
            }
            """, new[] { "[B, T, 128]" }),

        M("BatchNorm1d over [B, T, C] features", "SS0022", """
            [Input("B, T, 64")]
            [Linear(128), [|BatchNorm1d|], ReLU, Linear(10)]
            public partial class FrameClassifier;
            """, new[] { "[B, T, 128]" }),

        M("BatchNorm2d after Flatten", "SS0002", """
            [Input("B, 3, 32, 32")]
            [Conv2d(32, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2), Flatten]
            [Linear(256), [|BatchNorm2d|], ReLU, Linear(10)]
            public partial class SmallCnn;
            """, new[] { "[B, 256]" }),

        M("a Conv2d on MNIST loaded as [B, 28, 28]", "SS0002", """
            [Input("B, 28, 28")]
            [[|Conv2d(32, Kernel = 3)|], ReLU, MaxPool2d(2)]
            [Flatten, Linear(10)]
            public partial class MnistCnn;
            """, new[] { "[B, 28, 28]" }),

        M("the channel dim squeezed away before the conv stack", "SS0002", """
            [Input("B, 1, 28, 28")]
            public partial class MnistCnn
            {
                [{|Conv2d(32, Kernel = 3)|}, ReLU, MaxPool2d(2), Flatten] private partial Tensor Features(Tensor x);
                [Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head([|Features(x.squeeze(1))|]);
            }
            """, new[] { "[B, 28, 28]" }),

        M("a waveform unsqueezed on the last dim before Conv1d (M5)", "SS0003", """
            [Input("B, 8000")]
            public partial class M5
            {
                [Conv1d(32, {|Kernel = 80|}, Stride = 16), BatchNorm1d, ReLU, MaxPool1d(4)] private partial Tensor Frontend(Tensor x);
                [Linear(35)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head([|Frontend(x.unsqueeze(-1))|].mean(new long[] { 2 }));   // needs unsqueeze(1)
            }
            """, new[] { "[B, 8000, 1]" }),

        M("token ids fed to an LSTM without an Embedding", "SS0002", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class Sentiment
            {
                [{|LSTM(128)|}] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encode(Tensor x);
                [Linear(2)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids)
                {
                    var (_, hidden, _) = [|Encode(ids)|];
                    return Head(hidden[-1]);
                }
            }
            """, new[] { "[B, T]" }),

        M("an Embedding over a float input (Dtype forgotten)", "SS0007", """
            [Input([|"B, 50"|])]
            [Embedding(10000, 64), Flatten, Linear(2, In = 3200)]
            public partial class BagOfWords;
            """, new[] { "Embedding", "Int64" }),

        // ---- Reductions and indexing ------------------------------------------------------------
        M("mean-pooling embeddings over the features instead of the tokens", "SS0022", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class FastText
            {
                [Embedding("vocab", 64)] private partial Tensor Embed(Tensor ids);
                [{|Linear(4)|}] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids) => [|Head(Embed(ids).mean(new long[] { 2 }))|];   // meant dim 1
            }
            """, new[] { "[B, T]" }),

        M("the last time step taken, then a Conv1d that needs the sequence", "SS0002", """
            [Input("B, T, 12")]
            public partial class EcgNet
            {
                [LSTM(64)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encode(Tensor x);
                [{|Conv1d(32, Kernel = 3, Padding = 1)|}, ReLU] private partial Tensor Refine(Tensor x);
                [Linear(5)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var (sequence, _, _) = Encode(x);             // [B, T, 64]
                    var last = sequence[.., -1];                  // [B, 64]: T is gone
                    var refined = [|Refine(last)|];               // meant Refine(sequence.transpose(1, 2))
                    return Head(refined.mean(new long[] { 2 }));
                }
            }
            """, new[] { "[B, 64]" }),

        // ---- Joining tensors --------------------------------------------------------------------
        M("U-Net decoder block sized for the upsampled width, called with the skip concatenation", "SS0001", """
            [Input("B, 1, 64, 64")]
            public partial class UNetSmall
            {
                [Conv2d(32, Kernel = 3, Padding = 1), ReLU, Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down1(Tensor x);
                [MaxPool2d(2), Conv2d(64, Kernel = 3, Padding = 1), ReLU, Conv2d(64, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down2(Tensor x);
                [ConvTranspose2d(32, Kernel = 2, Stride = 2)] private partial Tensor Up(Tensor x);
                [Conv2d(32, {|In = 32|}, Kernel = 3, Padding = 1), ReLU, Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Decode(Tensor x);
                [Conv2d(2, Kernel = 1)] private partial Tensor Out(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var s1 = Down1(x);                                        // [B, 32, 64, 64]
                    var s2 = Down2(s1);                                       // [B, 64, 32, 32]
                    var d = [|Decode(cat(new[] { Up(s2), s1 }, 1))|];         // 64 channels
                    return Out(d);
                }
            }
            """, new[] { "In = 32", "[B, 64, 64, 64]" }),

        M("U-Net skip concatenation without the upsampling", "SS0020", """
            [Input("B, 1, 64, 64")]
            public partial class UNetSmall
            {
                [Conv2d(32, Kernel = 3, Padding = 1), ReLU, Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down1(Tensor x);
                [MaxPool2d(2), Conv2d(64, Kernel = 3, Padding = 1), ReLU, Conv2d(64, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down2(Tensor x);
                [Conv2d(32, Kernel = 3, Padding = 1), ReLU, Conv2d(2, Kernel = 1)] private partial Tensor Decode(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var s1 = Down1(x);                                        // [B, 32, 64, 64]
                    var s2 = Down2(s1);                                       // [B, 64, 32, 32]
                    return Decode([|cat(new[] { s2, s1 }, 1)|]);              // s2 is not upsampled
                }
            }
            """, new[] { "[B, 64, 32, 32]", "[B, 32, 64, 64]" }),

        M("an Inception branch without padding, concatenated", "SS0020", """
            [Input("B, 3, 32, 32")]
            public partial class Inception
            {
                [Conv2d(16, Kernel = 1), ReLU] private partial Tensor Branch1(Tensor x);
                [Conv2d(16, Kernel = 5), ReLU] private partial Tensor Branch5(Tensor x);   // Padding = 2 forgotten
                [Conv2d(32, Kernel = 1)] private partial Tensor Mix(Tensor x);

                public override Tensor forward(Tensor x) => Mix([|cat(new[] { Branch1(x), Branch5(x) }, 1)|]);
            }
            """, new[] { "[B, 16, 32, 32]", "[B, 16, 28, 28]" }),

        M("two-tower embeddings concatenated on the batch dim (NCF)", "SS0001", """
            [Input("B", Dtype = DType.Int64, Name = "users")]
            [Input("B", Dtype = DType.Int64, Name = "items")]
            public partial class NeuralCf
            {
                [Embedding("user_count", 32)] private partial Tensor UserEmbed(Tensor ids);
                [Embedding("item_count", 32)] private partial Tensor ItemEmbed(Tensor ids);
                [Linear(64, {|In = 64|}), ReLU, Linear(1)] private partial Tensor Mlp(Tensor x);

                public override Tensor forward(Tensor users, Tensor items) =>
                    [|Mlp(cat(new[] { UserEmbed(users), ItemEmbed(items) }, 0))|].squeeze(-1);   // meant dim -1
            }
            """, new[] { "In = 64", "[2 * B, 32]" }),

        M("a batch-dim concatenation added to the batch", "SS0020", """
            [Input("B, 128", Name = "left")]
            [Input("B, 128", Name = "right")]
            public partial class Siamese
            {
                [Linear(64), ReLU] private partial Tensor Tower(Tensor x);
                [Linear(1)] private partial Tensor Score(Tensor x);

                public override Tensor forward(Tensor left, Tensor right)
                {
                    var pair = cat(new[] { Tower(left), Tower(right) }, 0);   // meant dim 1
                    return Score([|pair * Tower(left)|]);
                }
            }
            """, new[] { "[2 * B, 64]", "[B, 64]" }),

        M("two heads of different widths stacked for an ensemble", "SS0020", """
            [Input("B, 512")]
            public partial class Ensemble
            {
                [Linear(10)] private partial Tensor HeadA(Tensor x);
                [Linear(100)] private partial Tensor HeadB(Tensor x);   // a CIFAR-100 head pasted into a CIFAR-10 model

                public override Tensor forward(Tensor x) => [|stack(new[] { HeadA(x), HeadB(x) })|].mean(new long[] { 0 });
            }
            """, new[] { "[B, 10]", "[B, 100]" }),

        M("fused QKV split into sizes that do not add up", "SS0020", """
            [Input("B, T, 64")]
            public partial class Attention
            {
                [Linear(192)] private partial Tensor Qkv(Tensor x);
                [Linear(64)] private partial Tensor Proj(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var parts = [|Qkv(x).split(new long[] { 64, 64, 32 }, -1)|];
                    return Proj(scaled_dot_product_attention(parts[0], parts[1], parts[2]));
                }
            }
            """, new[] { "[B, T, 192]", "160" }),

        // ---- Residuals --------------------------------------------------------------------------
        M("a residual add across a widening, downsampling block (no projection shortcut)", "SS0020", """
            [Input("B, 64, 32, 32")]
            public partial class DownBlock
            {
                [Conv2d(128, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
                [Conv2d(128, Kernel = 3, Padding = 1, Bias = false), BatchNorm2d]
                private partial Tensor Body(Tensor x);

                public override Tensor forward(Tensor x) => relu([|x + Body(x)|]);
            }
            """, new[] { "[B, 64, 32, 32]", "[B, 128, 16, 16]" }),

        M("an autoencoder skip after a ConvTranspose2d without OutputPadding", "SS0020", """
            [Input("B, 3, 32, 32")]
            public partial class Denoiser
            {
                [Conv2d(32, Kernel = 3, Stride = 2, Padding = 1), ReLU] private partial Tensor Down(Tensor x);
                [ConvTranspose2d(3, Kernel = 3, Stride = 2, Padding = 1)] private partial Tensor Up(Tensor x);

                public override Tensor forward(Tensor x) => [|x + Up(Down(x))|];
            }
            """, new[] { "[B, 3, 32, 32]", "[B, 3, 31, 31]" }),

        M("a positional embedding of another width than the tokens'", "SS0020", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class TinyGpt
            {
                [Embedding("vocab", 64)] private partial Tensor TokenEmbed(Tensor ids);
                [Embedding(256, 128)] private partial Tensor PositionEmbed(Tensor positions);
                [LayerNorm, Linear("vocab")] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids)
                {
                    var positions = arange(ids.shape[1], dtype: ScalarType.Int64);
                    var x = [|TokenEmbed(ids) + PositionEmbed(positions)|];
                    return Head(x);
                }
            }
            """, new[] { "[B, T, 64]", "[T, 128]" }),

        // ---- Attention --------------------------------------------------------------------------
        M("attention scores q @ k without transposing k", "SS0020", """
            [Input("B, T, 64")]
            public partial class Head
            {
                [Linear(16, Bias = false)] private partial Tensor Key(Tensor x);
                [Linear(16, Bias = false)] private partial Tensor Query(Tensor x);
                [Linear(16, Bias = false)] private partial Tensor Value(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var k = Key(x);
                    var q = Query(x);
                    var weights = [|q.matmul(k)|] * 0.25;             // needs k.transpose(-2, -1)
                    return weights.softmax(-1).matmul(Value(x));
                }
            }
            """, new[] { "[B, T, 16] @ [B, T, 16]", "16 vs T" }),

        M("transpose(2, 3) copied from 4-D head code into a single head", "SS0020", """
            [Input("B, T, 64")]
            public partial class Head
            {
                [Linear(16, Bias = false)] private partial Tensor Key(Tensor x);
                [Linear(16, Bias = false)] private partial Tensor Query(Tensor x);

                public override Tensor forward(Tensor x) => Query(x).matmul([|Key(x).transpose(2, 3)|]).softmax(-1);
            }
            """, new[] { "[B, T, 16]", "dim 3" }),

        M("a view into heads with the wrong head size", "SS0020", """
            [Input("B, T, 64")]
            public partial class MultiHead
            {
                private const int Heads = 4;

                [Linear(64)] private partial Tensor Query(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var q = [|Query(x).view(x.shape[0], x.shape[1], Heads, 32)|];   // 64 / 4 = 16
                    return q.transpose(1, 2);
                }
            }
            """, new[] { "[B, T, 64]" }),

        M("a causal mask of the full block size (no [:T, :T])", "SS0020", """
            [Input("B, T, 64")]
            public partial class CausalSelfAttention
            {
                private const int BlockSize = 256;

                [Linear(192)] private partial Tensor Qkv(Tensor x);
                [Linear(64)] private partial Tensor Proj(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var qkv = Qkv(x).chunk(3, -1);
                    var scores = qkv[0].matmul(qkv[1].transpose(-2, -1)) * 0.125;
                    var mask = tril(ones(BlockSize, BlockSize)).eq(0);
                    scores = [|scores.masked_fill(mask, double.NegativeInfinity)|];
                    return Proj(scores.softmax(-1).matmul(qkv[2]));
                }
            }
            """, new[] { "[256, 256]", "[B, T, T]" }),

        M("MultiheadAttention heads that do not divide the width", "SS0007", """
            [Input("B, T, 100")]
            public partial class SelfAttention
            {
                [MultiheadAttention([|8|])] private partial Tensor Attend(Tensor query, Tensor key, Tensor value);

                public override Tensor forward(Tensor x) => x + Attend(x, x, x);
            }
            """, new[] { "8", "100" }),

        M("cross-attention on encoder memory of another width", "SS0020", """
            [Input("B, T, 64", Name = "target")]
            [Input("B, S, 128", Name = "memory")]
            public partial class DecoderLayer
            {
                [MultiheadAttention(4)] private partial Tensor Cross(Tensor query, Tensor key, Tensor value);
                [LayerNorm] private partial Tensor Norm(Tensor x);

                public override Tensor forward(Tensor target, Tensor memory) => Norm(target + [|Cross(target, memory, memory)|]);
            }
            """, new[] { "[B, S, 128]", "[B, T, 64]" }),

        M("Luong attention with the GRU's h_n [1, B, H] used as the query", "SS0020", """
            [Input("B, S, 64", Name = "encoded")]
            [Input("B, 1, 32", Name = "embedded")]
            public partial class LuongStep
            {
                [GRU(64)] private partial (Tensor Output, Tensor Hidden) Decode(Tensor x);
                [Linear(1000)] private partial Tensor Out(Tensor x);

                public override Tensor forward(Tensor encoded, Tensor embedded)
                {
                    var (_, hidden) = Decode(embedded);                             // [1, B, 64]
                    var scores = [|hidden.bmm(encoded.transpose(1, 2))|];           // meant hidden.transpose(0, 1)
                    var context = scores.softmax(-1).bmm(encoded);
                    return Out(context);
                }
            }
            """, new[] { "[1, B, 64]", "[B, 64, S]" }),

        M("a global context expanded without unsqueeze", "SS0020", """
            [Input("B, T, 64")]
            public partial class ContextFusion
            {
                [Linear(64)] private partial Tensor Fuse(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var context = x.mean(new long[] { 1 });                         // [B, 64]
                    var broadcast = [|context.expand(-1, x.shape[1], -1)|];         // needs context.unsqueeze(1)
                    return Fuse(cat(new[] { x, broadcast }, -1));
                }
            }
            """, new[] { "[B, 64]" }),

        // ---- Spatial sizes ----------------------------------------------------------------------
        M("a conv kernel larger than the map after four poolings", "SS0003", """
            [Input("B, 3, 32, 32")]
            [Conv2d(32, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(64, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(128, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(256, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(512, [|Kernel = 3|]), ReLU]
            [Flatten, Linear(10)]
            public partial class DeepCnn;
            """, new[] { "[B, 256, 2, 2]" }),

        M("VGG's five poolings on 28x28 MNIST", "SS0003", """
            [Input("B, 1, 28, 28")]
            [Conv2d(64, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(128, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(256, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(512, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(512, Kernel = 3, Padding = 1), ReLU, MaxPool2d([|2|])]
            [Flatten, Linear(10)]
            public partial class VggMnist;
            """, new[] { "[B, 512, 1, 1]" }),

        M("ImageNet ResNet's AvgPool2d(7) on CIFAR's 1x1 final map", "SS0003", """
            [Input("B, 3, 32, 32")]
            public partial class ResNetCifar
            {
                [Conv2d(64, Kernel = 7, Stride = 2, Padding = 3), BatchNorm2d, ReLU, MaxPool2d(3, Stride = 2, Padding = 1)] private partial Tensor Stem(Tensor x);
                [Conv2d(128, Kernel = 3, Stride = 2, Padding = 1), BatchNorm2d, ReLU] private partial Tensor Stage2(Tensor x);
                [Conv2d(256, Kernel = 3, Stride = 2, Padding = 1), BatchNorm2d, ReLU] private partial Tensor Stage3(Tensor x);
                [Conv2d(512, Kernel = 3, Stride = 2, Padding = 1), BatchNorm2d, ReLU] private partial Tensor Stage4(Tensor x);
                [AvgPool2d({|7|}), Flatten, Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => [|Head(Stage4(Stage3(Stage2(Stem(x)))))|];
            }
            """, new[] { "[B, 512, 1, 1]" }),

        // ---- Arguments --------------------------------------------------------------------------
        M("a depthwise conv with Groups = its output width on fewer channels", "SS0007", """
            [Input("B, 3, 32, 32")]
            [Conv2d(32, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU]
            [Conv2d(64, Kernel = 3, Padding = 1, [|Groups = 64|], Bias = false), BatchNorm2d, ReLU]
            [Conv2d(64, Kernel = 1, Bias = false), BatchNorm2d, ReLU]
            [AdaptiveAvgPool2d(1), Flatten, Linear(10)]
            public partial class MobileNetTiny;
            """, new[] { "32", "64" }),

        M("a depthwise block called with another width than its Groups", "SS0007", """
            [Input("B, 3, 32, 32")]
            public partial class MobileNetTiny
            {
                [Conv2d(32, Kernel = 3, Stride = 2, Padding = 1, Bias = false), BatchNorm2d, ReLU] private partial Tensor Stem(Tensor x);
                [Conv2d(64, Kernel = 3, Padding = 1, {|Groups = 64|}, Bias = false), BatchNorm2d, ReLU, Conv2d(128, Kernel = 1)] private partial Tensor Separable(Tensor x);
                [AdaptiveAvgPool2d(1), Flatten, Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head([|Separable(Stem(x))|]);
            }
            """, new[] { "[B, 32, 16, 16]", "64" }),

        M("a VAE decoder's Linear too small for its Reshape", "SS0007", """
            [Input("B, 16")]
            [Linear(1568), ReLU, Reshape([|64, 7, 7|])]
            [ConvTranspose2d(32, Kernel = 4, Stride = 2, Padding = 1), ReLU]
            [ConvTranspose2d(1, Kernel = 4, Stride = 2, Padding = 1), Sigmoid]
            public partial class VaeDecoder;
            """, new[] { "[B, 1568]", "3136" }),

        // ---- Heads and losses -------------------------------------------------------------------
        M("a Linear straight after the conv stack (Flatten forgotten)", "SS0010", """
            [Input("B, 1, 28, 28")]
            [Conv2d(32, Kernel = 3), ReLU, MaxPool2d(2)]
            [{|Linear(10)|}]
            [[|CrossEntropyLoss|], Adam(LearningRate = 1e-3)]
            public partial class MnistCnn;
            """, new[] { "[B, 32, 13, 10]", "add Flatten" }),

        M("Softmax before CrossEntropyLoss", "SS0011", """
            [Input("B, 784")]
            [Linear(128), ReLU, Linear(10), [|Softmax|]]
            [CrossEntropyLoss, Adam(LearningRate = 1e-3)]
            public partial class MnistMlp;
            """, new[] { "Softmax", "CrossEntropyLoss" }),

        M("Sigmoid before BCEWithLogitsLoss", "SS0011", """
            [Input("B, 30")]
            [Linear(16), ReLU, Linear(1), [|Sigmoid|]]
            [BCEWithLogitsLoss, Adam(LearningRate = 1e-3)]
            public partial class TumourClassifier;
            """, new[] { "Sigmoid", "BCEWithLogitsLoss" }),

        M("a per-token Linear head into CrossEntropyLoss (pooling forgotten)", "SS0010", """
            [Input("B, T", Dtype = DType.Int64)]
            [Embedding("vocab", 64), LayerNorm, {|Linear(4)|}]
            [[|CrossEntropyLoss|], AdamW(LearningRate = 1e-3)]
            public partial class NewsClassifier;
            """, new[] { "[B, T, 4]" }),

        // ---- Sub-models and ties ----------------------------------------------------------------
        M("an encoder sub-model declared for width 64 fed 128-wide embeddings", "SS0001", """
            [Input("B, T, 64")]
            public partial class EncoderLayer
            {
                [LayerNorm, Linear(128), GELU, Linear(64)] private partial Tensor Mlp(Tensor x);

                public override Tensor forward(Tensor x) => x + Mlp(x);
            }

            [Input("B, T", Dtype = DType.Int64)]
            public partial class Classifier
            {
                [Embedding("vocab", 128)] private partial Tensor Embed(Tensor ids);
                [Layer<{|EncoderLayer|}>(Repeat = 2)] private partial Tensor Layers(Tensor x);
                [LayerNorm, Linear(4)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids) => Head([|Layers(Embed(ids))|].mean(new long[] { 1 }));
            }
            """, new[] { "[B, T, 64]", "[B, T, 128]" }),

        M("a tied head after an MLP that widens to 128 (no projection back)", "SS0001", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class TinyLm
            {
                [Embedding("vocab", 64)] private partial Tensor TokenEmbed(Tensor ids);
                [LayerNorm, Linear(128), GELU] private partial Tensor Mlp(Tensor x);
                [Linear("vocab", Bias = false, [|TiedTo = nameof(TokenEmbed)|])] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids) => Head(Mlp(TokenEmbed(ids)));
            }
            """, new[] { "[vocab, 64]", "[vocab, 128]" }),

        // ---- Recurrent state --------------------------------------------------------------------
        M("a GRU's initial state without its layer dim", "SS0020", """
            [Input("B, T, 32")]
            public partial class Forecaster
            {
                [GRU(64)] private partial (Tensor Output, Tensor Hidden) Encode(Tensor x, Tensor h0);
                [Linear(1)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var h0 = zeros(x.shape[0], 64);                               // needs zeros(1, B, 64)
                    var (output, _) = [|Encode(x, h0)|];
                    return Head(output[.., -1]);
                }
            }
            """, new[] { "[B, 64]", "[1, B, 64]" }),

        M("the [CLS] token taken as x[0] (the first sample) instead of x[.., 0]", "SS0010", """
            [Input("B, T, 64")]
            [[|CrossEntropyLoss|]]
            public partial class Pooler
            {
                [LayerNorm, Linear(64), GELU] private partial Tensor Encode(Tensor x);
                [Linear(2)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head(Encode(x)[0]);   // [T, 2]: one row per token of sample 0
            }
            """, new[] { "[T, 2]" },
            gap: "not caught: the output [T, 2] has lost the batch dim B, so CrossEntropyLoss's targets ([B]) cannot match it for any T other than B; nothing checks that a loss's dim 0 is the input's batch dim",
            repro: """
            [Input("B, T, 8")]
            [[|CrossEntropyLoss|]]
            public partial class M
            {
                [Linear(2)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head(x[0]);
            }
            """, reproShapes: new[] { "[T, 2]" }),

        // ---- Probes past the list in the issue ----------------------------------------------------
        M("a per-token head in a composite classifier (last step forgotten)", "SS0010", """
            [Input("B, T", Dtype = DType.Int64)]
            [[|CrossEntropyLoss|], AdamW(LearningRate = 1e-3)]
            public partial class LstmClassifier
            {
                [Embedding("vocab", 64)] private partial Tensor Embed(Tensor ids);
                [LSTM(128)] private partial Tensor Encode(Tensor x);
                [{|Linear(4)|}] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids) => Head(Encode(Embed(ids)));   // meant Encode(...)[.., -1]
            }
            """, new[] { "[B, T, 4]" }),

        M("softmax at the end of a hand-written forward before CrossEntropyLoss", "SS0011", """
            [Input("B, 3, 32, 32")]
            [CrossEntropyLoss, SGD(LearningRate = 0.1)]
            public partial class Cnn
            {
                [Conv2d(32, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2), Flatten] private partial Tensor Features(Tensor x);
                [Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => [|softmax(Head(Features(x)), -1)|];
            }
            """, new[] { "softmax", "CrossEntropyLoss" }),

        M("a Linear head block called on a conv feature map (Flatten forgotten)", "SS0012", """
            [Input("B, 1, 28, 28")]
            public partial class Cnn
            {
                [Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)] private partial Tensor Features(Tensor x);
                [{|Linear(10)|}] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => [|Head(Features(x))|];
            }
            """, new[] { "[B, 16, 12, 12]" }),

        M("an MLP's view(-1, 748) for 28 * 28 = 784", "SS0020", """
            [Input("B, 1, 28, 28")]
            public partial class MnistMlp
            {
                [Linear(256), ReLU, Linear(10)] private partial Tensor Net(Tensor x);

                public override Tensor forward(Tensor x) => Net([|x.view(-1, 748)|]);
            }
            """, new[] { "[B, 1, 28, 28]", "748" }),

        M("LeNet's x.view(-1, 16 * 5 * 5) on 28x28 images", "SS0020", """
            [Input("B, 1, 28, 28")]
            public partial class LeNet
            {
                [Conv2d(6, Kernel = 5), ReLU, MaxPool2d(2), Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)] private partial Tensor Features(Tensor x);
                [Linear(120), ReLU, Linear(84), ReLU, Linear(10)] private partial Tensor Classifier(Tensor x);

                public override Tensor forward(Tensor x) => Classifier([|Features(x).view(-1, 16 * 5 * 5)|]);
            }
            """, new[] { "[B, 16, 4, 4]", "400" }),

        M("flatten() without start_dim, which flattens the batch too", "SS0022", """
            [Input("B, 1, 28, 28")]
            public partial class Cnn
            {
                [Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)] private partial Tensor Features(Tensor x);
                [{|Linear(10)|}] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => [|Head(Features(x).flatten())|];   // meant flatten(1)
            }
            """, new[] { "2304" }),

        M("images of any size flattened into a Linear (no adaptive pooling)", "SS0022", """
            [Input("B, 3, H, W")]
            [Conv2d(16, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2), Flatten, [|Linear(10)|]]
            public partial class AnySizeCnn;
            """, new[] { "[B, 16 *" }),

        M("ViT patch tokens permuted before flattening", "SS0020", """
            [Input("B, 3, 32, 32")]
            public partial class PatchEmbed
            {
                [Conv2d(64, Kernel = 4, Stride = 4)] private partial Tensor Project(Tensor x);
                [LayerNorm] private partial Tensor Norm(Tensor x);

                public override Tensor forward(Tensor x) => Norm([|Project(x).permute(0, 2, 1)|].flatten(2));   // meant flatten(2).permute(0, 2, 1)
            }
            """, new[] { "[B, 64, 8, 8]" }),

        M("an einsum attention equation with the key's letters swapped", "SS0020", """
            [Input("B, T, 64")]
            public partial class EinsumAttention
            {
                [Linear(64)] private partial Tensor Query(Tensor x);
                [Linear(64)] private partial Tensor Key(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var q = Query(x).view(x.shape[0], x.shape[1], 4, 16).transpose(1, 2);   // [B, 4, T, 16]
                    var k = Key(x).view(x.shape[0], x.shape[1], 4, 16).transpose(1, 2);
                    return [|einsum("bhqd,bhdk->bhqk", q, k)|].softmax(-1);                // meant "bhqd,bhkd->bhqk"
                }
            }
            """, new[] { "[B, 4, T, 16]" }),

        M("grouped-query attention with the wrong repeat of the key/value heads", "SS0020", """
            [Input("B, T, 128")]
            public partial class GroupedQueryAttention
            {
                [Linear(128)] private partial Tensor Query(Tensor x);
                [Linear(32)] private partial Tensor Key(Tensor x);
                [Linear(32)] private partial Tensor Value(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var q = Query(x).view(x.shape[0], x.shape[1], 8, 16).transpose(1, 2);   // [B, 8, T, 16]
                    var k = Key(x).view(x.shape[0], x.shape[1], 2, 16).transpose(1, 2);     // [B, 2, T, 16]
                    var v = Value(x).view(x.shape[0], x.shape[1], 2, 16).transpose(1, 2);
                    k = k.repeat_interleave(2, dim: 1);                                       // 8 / 2 = 4 repeats
                    v = v.repeat_interleave(2, dim: 1);
                    return [|scaled_dot_product_attention(q, k, v)|].transpose(1, 2).reshape(x.shape[0], x.shape[1], 128);
                }
            }
            """, new[] { "[B, 8, T, 16]", "[B, 4, T, 16]" }),

        M("layer_norm over the channels of a Conv1d output [B, C, T]", "SS0020", """
            [Input("B, 64, T")]
            public partial class ConvBlock
            {
                [Conv1d(64, Kernel = 3, Padding = 1)] private partial Tensor Conv(Tensor x);

                public override Tensor forward(Tensor x) => [|layer_norm(Conv(x), new long[] { 64 })|];   // normalises the last dim, T
            }
            """, new[] { "[B, 64, T]", "64" }),

        M("U-Net on an odd size: floor pooling, then a skip that is one pixel larger", "SS0020", """
            [Input("B, 1, 50, 50")]
            public partial class UNetOdd
            {
                [Conv2d(16, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down1(Tensor x);
                [MaxPool2d(2), Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down2(Tensor x);
                [MaxPool2d(2), Conv2d(64, Kernel = 3, Padding = 1), ReLU] private partial Tensor Down3(Tensor x);
                [ConvTranspose2d(32, Kernel = 2, Stride = 2)] private partial Tensor Up(Tensor x);
                [Conv2d(32, Kernel = 3, Padding = 1), ReLU] private partial Tensor Decode(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var s1 = Down1(x);                                      // [B, 16, 50, 50]
                    var s2 = Down2(s1);                                     // [B, 32, 25, 25]
                    var up = Up(Down3(s2));                                 // [B, 32, 24, 24]
                    return Decode([|cat(new[] { up, s2 }, 1)|]);
                }
            }
            """, new[] { "[B, 32, 24, 24]", "[B, 32, 25, 25]" }),

        M("an Embedding's padding index outside the vocabulary", "SS0007", """
            [Input("B, T", Dtype = DType.Int64)]
            [Embedding(1000, 64, [|PaddingIdx = 1000|]), LayerNorm]
            public partial class Tokens;
            """, new[] { "1000" }),

        M("CrossEntropyLoss on a single logit (a binary head)", "SS0010", """
            [Input("B, 30")]
            [Linear(16), ReLU, Linear(1)]
            [[|CrossEntropyLoss|], Adam(LearningRate = 1e-3)]
            public partial class BinaryClassifier;
            """, new[] { "[B, 1]" },
            gap: "not caught: a [B, 1] output under CrossEntropyLoss has one class, so the loss is 0 for every input and nothing trains (BCEWithLogitsLoss, or Linear(2), was meant)",
            repro: """
            [Input("B, 8")]
            [Linear(1)]
            [[|CrossEntropyLoss|]]
            public partial class M;
            """, reproShapes: new[] { "[B, 1]" }),

        M("a downsampling block stacked with Repeat", "SS0007", """
            [Input("B, C, H, W")]
            public partial class Down
            {
                [Conv2d("C", Kernel = 3, Stride = 2, Padding = 1), BatchNorm2d, ReLU] private partial Tensor Body(Tensor x);

                public override Tensor forward(Tensor x) => Body(x);
            }

            [Input("B, 3, 64, 64")]
            public partial class Encoder
            {
                [Conv2d(32, Kernel = 3, Padding = 1)] private partial Tensor Stem(Tensor x);
                [Layer<Down>({|Repeat = 3|})] private partial Tensor Stages(Tensor x);

                public override Tensor forward(Tensor x) => [|Stages(Stem(x))|];
            }
            """, new[] { "[B, 32, 64, 64]", "[B, 32, 32, 32]" }),

        M("an attention context [B, 1, H] concatenated with a decoder state [B, H]", "SS0020", """
            [Input("B, S, 64", Name = "encoded")]
            [Input("B, 64", Name = "state")]
            public partial class AttentionStep
            {
                [Linear(1000)] private partial Tensor Out(Tensor x);

                public override Tensor forward(Tensor encoded, Tensor state)
                {
                    var scores = state.unsqueeze(1).bmm(encoded.transpose(1, 2));      // [B, 1, S]
                    var context = scores.softmax(-1).bmm(encoded);                     // [B, 1, 64]
                    return Out([|cat(new[] { context, state }, -1)|]);                 // meant context.squeeze(1)
                }
            }
            """, new[] { "[B, 1, 64]", "[B, 64]" }),

        M("the target's padding mask passed as the memory's key padding mask", "SS0020", """
            [Input("B, T, 64", Name = "target")]
            [Input("B, S, 64", Name = "memory")]
            [Input("B, T", Dtype = DType.Bool, Name = "targetPadding")]
            public partial class CrossAttentionLayer
            {
                [MultiheadAttention(4)] private partial Tensor Cross(Tensor query, Tensor key, Tensor value, Tensor? mask, Tensor? padding);

                public override Tensor forward(Tensor target, Tensor memory, Tensor targetPadding) =>
                    target + [|Cross(target, memory, memory, null, targetPadding)|];   // needs memory's [B, S] mask
            }
            """, new[] { "[B, T]", "[B, S, 64]" }),

        M("VGG's classifier sized for a 7x7 pool after AdaptiveAvgPool2d(1)", "SS0001", """
            [Input("B, 3, 64, 64")]
            [Conv2d(64, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [Conv2d(512, Kernel = 3, Padding = 1), ReLU, MaxPool2d(2)]
            [AdaptiveAvgPool2d(1), Flatten, Linear(4096, [|In = 25088|]), ReLU, Dropout(0.5), Linear(10)]
            public partial class Vgg;
            """, new[] { "In = 25088", "[B, 512]" }),

        M("a BatchNorm2d sized for the previous conv's width", "SS0001", """
            [Input("B, 3, 32, 32")]
            [Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d(In = 32), ReLU]
            [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d([|In = 32|]), ReLU]
            [AdaptiveAvgPool2d(1), Flatten, Linear(10)]
            public partial class ConvBn;
            """, new[] { "In = 32", "[B, 64, 32, 32]" }),

        M("token ids with a trailing 1 dim embedded, then an LSTM", "SS0002", """
            [Input("B, T, 1", Dtype = DType.Int64)]
            public partial class Tagger
            {
                [Embedding("vocab", 64)] private partial Tensor Embed(Tensor ids);
                [{|LSTM(64)|}] private partial Tensor Encode(Tensor x);
                [Linear(9)] private partial Tensor Tag(Tensor x);

                public override Tensor forward(Tensor ids) => Tag([|Encode(Embed(ids))|]);   // [B, T, 1, 64]: needs ids.squeeze(-1)
            }
            """, new[] { "[B, T, 1, 64]" }),

        M("the BiLSTM classifier's hidden[-2] on a one-directional LSTM", "SS0020", """
            [Input("B, T", Dtype = DType.Int64)]
            public partial class LstmClassifier
            {
                [Embedding("vocab", 128)] private partial Tensor Embed(Tensor ids);
                [LSTM(128)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encode(Tensor x);
                [Linear(4)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor ids)
                {
                    var (_, hidden, _) = Encode(Embed(ids));                         // [1, B, 128]
                    return Head(cat(new[] { [|hidden[-2]|], hidden[-1] }, dim: 1));  // Bidirectional = true was dropped
                }
            }
            """, new[] { "[1, B, 128]", "-2" }),

        M("a shared head applied to two pyramid levels of different widths", "SS0021", """
            [Input("B, 3, 64, 64")]
            public partial class TinyFpn
            {
                [Conv2d(256, Kernel = 3, Stride = 2, Padding = 1), ReLU] private partial Tensor C3(Tensor x);
                [Conv2d(512, Kernel = 3, Stride = 2, Padding = 1), ReLU] private partial Tensor C4(Tensor x);
                [Conv2d(9, Kernel = 3, Padding = 1)] private partial Tensor Classify(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var p3 = C3(x);                                                  // [B, 256, 32, 32]
                    var p4 = C4(p3);                                                 // [B, 512, 16, 16]: no lateral 1x1 to 256
                    var a = Classify(p3).flatten(2);
                    var b = [|Classify(p4)|].flatten(2);
                    return cat(new[] { a, b }, 2);
                }
            }
            """, new[] { "[B, 256, 32, 32]", "[B, 512, 16, 16]" }),

        M("one widening block applied in a loop", "SS0021", """
            [Input("B, 32, 64, 64")]
            public partial class Downsampler
            {
                [Conv2d(64, Kernel = 3, Stride = 2, Padding = 1), ReLU] private partial Tensor Down(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        x = [|Down(x)|];                                              // the second pass gets 64 channels
                    }

                    return x;
                }
            }
            """, new[] { "[B, 32, 64, 64]", "[B, 64, 32, 32]" },
            gap: "not caught: a loop body is interpreted once, so the second pass, which calls the block with its own output ([B, 64, 32, 32] after [B, 32, 64, 64]), is never seen (documented: loops run once and forget what they changed)",
            repro: """
            [Input("B, 8")]
            public partial class M
            {
                [Linear(16)] private partial Tensor Wide(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    for (var i = 0; i < 2; i++)
                    {
                        x = [|Wide(x)|];
                    }

                    return x;
                }
            }
            """, reproShapes: new[] { "[B, 8]", "[B, 16]" }),

        M("a positional-encoding table added without slicing to the sequence length", "SS0020", """
            [Input("B, T, 64")]
            public partial class PositionalEncoding
            {
                private readonly Tensor pe = zeros(1, 5000, 64);

                [Dropout(0.1)] private partial Tensor Drop(Tensor x);

                public override Tensor forward(Tensor x) => Drop([|x + pe|]);        // meant pe[.., ..(int)x.shape[1]]
            }
            """, new[] { "[B, T, 64]", "[1, 5000, 64]" }),

        M("a split-heads helper with the wrong head size, called for q, k and v", "SS0020", """
            [Input("B, T, 64")]
            public partial class SelfAttention
            {
                private const int Heads = 4;

                [Linear(192)] private partial Tensor Qkv(Tensor x);
                [Linear(64)] private partial Tensor Proj(Tensor x);

                public override Tensor forward(Tensor x)
                {
                    var qkv = Qkv(x).chunk(3, -1);
                    var attended = scaled_dot_product_attention(Split(qkv[0]), Split(qkv[1]), Split(qkv[2]));
                    return Proj(attended.transpose(1, 2).reshape(x.shape[0], x.shape[1], 64));
                }

                private static Tensor Split(Tensor t) => [|t.view(t.shape[0], t.shape[1], Heads, 32)|].transpose(1, 2);   // 64 / 4 = 16
            }
            """, new[] { "[B, T, 64]", "[B, T, 4, 32]" }),

        M("a residual across a width change inside a sub-model the network stacks", "SS0020", """
            [Input("B, 64, H, W")]
            public partial class Bottleneck
            {
                [Conv2d(64, Kernel = 1), BatchNorm2d, ReLU]
                [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU]
                [Conv2d(256, Kernel = 1), BatchNorm2d]
                private partial Tensor Body(Tensor x);

                public override Tensor forward(Tensor x) => relu([|x + Body(x)|]);   // no projection shortcut to 256
            }

            [Input("B, 3, 32, 32")]
            public partial class ResNetTiny
            {
                [Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU] private partial Tensor Stem(Tensor x);
                [Layer<Bottleneck>] private partial Tensor Stage(Tensor x);
                [AdaptiveAvgPool2d(1), Flatten, Linear(10)] private partial Tensor Head(Tensor x);

                public override Tensor forward(Tensor x) => Head(Stage(Stem(x)));
            }
            """, new[] { "[B, 64, H, W]", "[B, 256, H, W]" }),
    };

    public static Mistake Named(string name) => All.Single(m => m.Name == name);

    public static IEnumerable<Mistake> Caught => All.Where(m => m.Gap is null);

    public static IEnumerable<Mistake> Gaps => All.Where(m => m.Gap is not null);

}
