using System;
using System.Linq;
using ShapeSharp.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Losses;

/// <summary>Each loss against its formula, computed by hand in doubles on small tensors.</summary>
public class LossFormulaTests
{
    private static readonly double[,] Logits = { { 2.0, 0.5, -1.0 }, { 0.1, 0.2, 3.0 }, { -0.5, 1.5, 0.0 } };
    private static readonly long[] Labels = { 0, 2, 0 };

    private static Tensor LogitTensor() => tensor(Logits.Cast<double>().Select(v => (float)v).ToArray(), 3, 3);

    private static double[] LogSoftmax(int row)
    {
        var values = Enumerable.Range(0, 3).Select(c => Logits[row, c]).ToArray();
        var max = values.Max();
        var log = Math.Log(values.Sum(v => Math.Exp(v - max))) + max;
        return values.Select(v => v - log).ToArray();
    }

    private static double Value(Tensor loss) => loss.to_type(ScalarType.Float64).item<double>();

    [Fact]
    public void Cross_entropy_with_label_smoothing_and_class_weights()
    {
        const double e = 0.1;
        double[] w = { 1.0, 2.0, 0.5 };
        double numerator = 0, denominator = 0;
        for (var i = 0; i < 3; i++)
        {
            var logp = LogSoftmax(i);
            var y = Labels[i];
            // PyTorch: (1 - e) * w[y] * -logp[y] + e / C * sum_c w[c] * -logp[c], divided by sum w[y].
            numerator += (1 - e) * w[y] * -logp[y] + e / 3 * Enumerable.Range(0, 3).Sum(c => w[c] * -logp[c]);
            denominator += w[y];
        }

        var loss = new CrossEntropyLossAttribute { LabelSmoothing = e, Weights = w }.Create();
        using var output = LogitTensor();
        using var target = tensor(Labels);
        Assert.Equal(numerator / denominator, Value(loss(output, target)), 5);
    }

    [Fact]
    public void Cross_entropy_plain_is_mean_negative_log_likelihood()
    {
        var expected = Enumerable.Range(0, 3).Average(i => -LogSoftmax(i)[Labels[i]]);
        using var output = LogitTensor();
        using var target = tensor(Labels);
        Assert.Equal(expected, Value(new CrossEntropyLossAttribute().Create()(output, target)), 5);
    }

    [Fact]
    public void Nll_on_log_probabilities()
    {
        var expected = Enumerable.Range(0, 3).Average(i => -LogSoftmax(i)[Labels[i]]);
        using var output = LogitTensor();
        using var logp = nn.functional.log_softmax(output, 1);
        using var target = tensor(Labels);
        Assert.Equal(expected, Value(new NLLLossAttribute().Create()(logp, target)), 5);
    }

    [Fact]
    public void Bce_with_logits()
    {
        double[] x = { 1.2, -0.7, 0.0, 3.0 };
        double[] y = { 1, 0, 1, 0 };
        var expected = x.Zip(y, (xi, yi) => -(yi * Math.Log(Sigmoid(xi)) + (1 - yi) * Math.Log(1 - Sigmoid(xi)))).Average();
        using var output = tensor(x.Select(v => (float)v).ToArray());
        using var target = tensor(y.Select(v => (float)v).ToArray());
        Assert.Equal(expected, Value(new BCEWithLogitsLossAttribute().Create()(output, target)), 5);
    }

    [Fact]
    public void Mse_l1_and_smooth_l1()
    {
        double[] a = { 0.5, -1.0, 2.0, 4.0 };
        double[] b = { 0.0, 1.0, 2.5, 1.0 };
        using var output = tensor(a.Select(v => (float)v).ToArray());
        using var target = tensor(b.Select(v => (float)v).ToArray());
        var diff = a.Zip(b, (p, q) => Math.Abs(p - q)).ToArray();
        Assert.Equal(diff.Average(d => d * d), Value(new MSELossAttribute().Create()(output, target)), 5);
        Assert.Equal(diff.Average(), Value(new L1LossAttribute().Create()(output, target)), 5);
        const double beta = 1.0;
        var smooth = diff.Average(d => d < beta ? 0.5 * d * d / beta : d - 0.5 * beta);
        Assert.Equal(smooth, Value(new SmoothL1LossAttribute { Beta = beta }.Create()(output, target)), 5);
    }

    [Fact]
    public void Focal_loss_softmax_form()
    {
        const double gamma = 2.0;
        var expected = Enumerable.Range(0, 3).Average(i =>
        {
            var logp = LogSoftmax(i)[Labels[i]];
            return -Math.Pow(1 - Math.Exp(logp), gamma) * logp;
        });
        using var output = LogitTensor();
        using var target = tensor(Labels);
        Assert.Equal(expected, Value(new FocalLoss(gamma).forward(output, target)), 5);
        using var ce = nn.functional.cross_entropy(output, target);
        Assert.Equal(Value(ce), Value(new FocalLoss(0).forward(output, target)), 5); // gamma 0 is cross-entropy
    }

    [Fact]
    public void Contrastive_loss_with_euclidean_distance()
    {
        var a = new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 2.0 } };
        var b = new[] { new[] { 1.0, 1.0 }, new[] { 0.0, 1.8 } };
        double[] labels = { 1, 0 };
        const double margin = 1.0;
        var expected = Enumerable.Range(0, 2).Average(i =>
        {
            var d = Distance(a[i], b[i]);
            return 0.5 * (labels[i] * d * d + (1 - labels[i]) * Math.Pow(Math.Max(0, margin - d), 2));
        });
        using var ta = Rows(a);
        using var tb = Rows(b);
        using var tl = tensor(labels.Select(v => (float)v).ToArray());
        Assert.Equal(expected, Value(new ContrastiveLoss(margin, PairDistance.Euclidean).forward(ta, tb, tl)), 4);
    }

    [Fact]
    public void Triplet_loss()
    {
        var anchor = new[] { new[] { 0.0, 0.0 }, new[] { 1.0, 1.0 } };
        var positive = new[] { new[] { 0.5, 0.0 }, new[] { 1.0, 2.0 } };
        var negative = new[] { new[] { 2.0, 0.0 }, new[] { 1.0, 1.5 } };
        const double margin = 1.0;
        var expected = Enumerable.Range(0, 2).Average(i =>
            Math.Max(0, Distance(anchor[i], positive[i]) - Distance(anchor[i], negative[i]) + margin));
        using var a = Rows(anchor);
        using var p = Rows(positive);
        using var n = Rows(negative);
        Assert.Equal(expected, Value(new TripletLoss(margin, PairDistance.Euclidean).forward(a, p, n)), 4);
    }

    [Fact]
    public void Multiple_negatives_ranking_loss_is_cross_entropy_over_scaled_cosine_scores()
    {
        var anchors = new[] { new[] { 1.0, 0.0 }, new[] { 0.6, 0.8 } };
        var positives = new[] { new[] { 0.8, 0.6 }, new[] { 0.0, 1.0 } };
        const double scale = 20.0;
        var expected = Enumerable.Range(0, 2).Average(i =>
        {
            var scores = positives.Select(p => scale * Cosine(anchors[i], p)).ToArray();
            var max = scores.Max();
            return -(scores[i] - (Math.Log(scores.Sum(s => Math.Exp(s - max))) + max));
        });
        using var a = Rows(anchors);
        using var p = Rows(positives);
        Assert.Equal(expected, Value(new MultipleNegativesRankingLoss(scale).forward(a, p)), 3);
    }

    [Fact]
    public void Cosine_similarity_loss_is_mse_between_cosine_and_score()
    {
        var a = new[] { new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } };
        var b = new[] { new[] { 0.0, 1.0 }, new[] { 1.0, 0.9 } };
        double[] scores = { 0.2, 0.9 };
        var expected = Enumerable.Range(0, 2).Average(i => Math.Pow(Cosine(a[i], b[i]) - scores[i], 2));
        using var ta = Rows(a);
        using var tb = Rows(b);
        using var ts = tensor(scores.Select(v => (float)v).ToArray());
        Assert.Equal(expected, Value(new CosineSimilarityLoss().forward(ta, tb, ts)), 5);
    }

    [Fact]
    public void Online_contrastive_loss_uses_only_hard_pairs()
    {
        // Distances (euclidean): positives 0.1 and 2.0, negatives 0.5 and 3.0.
        var a = new[] { new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 } };
        var b = new[] { new[] { 0.1, 0.0 }, new[] { 2.0, 0.0 }, new[] { 0.5, 0.0 }, new[] { 3.0, 0.0 } };
        double[] labels = { 1, 1, 0, 0 };
        const double margin = 1.0;
        // Hard positives: farther than the closest negative (0.5): d = 2.0. Hard negatives: closer
        // than the farthest positive (2.0): d = 0.5.
        var expected = 2.0 * 2.0 + Math.Pow(margin - 0.5, 2);
        using var ta = Rows(a);
        using var tb = Rows(b);
        using var tl = tensor(labels.Select(v => (float)v).ToArray());
        var actual = Value(new OnlineContrastiveLoss(margin, PairDistance.Euclidean).forward(ta, tb, tl));
        Assert.Equal(expected / 2, actual, 3); // divided by the number of hard pairs
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Distance(double[] p, double[] q) => Math.Sqrt(p.Zip(q, (x, y) => (x - y + 1e-6) * (x - y + 1e-6)).Sum());

    private static double Cosine(double[] p, double[] q) =>
        p.Zip(q, (x, y) => x * y).Sum() / (Math.Sqrt(p.Sum(x => x * x)) * Math.Sqrt(q.Sum(y => y * y)));

    private static Tensor Rows(double[][] rows) =>
        tensor(rows.SelectMany(r => r).Select(v => (float)v).ToArray(), rows.Length, rows[0].Length);
}
