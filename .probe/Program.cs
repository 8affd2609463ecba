using System;
using System.Linq;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;
using ShapeSharp.Benchmarks.Models;

ShapeSharp.Training.NativeMemory.KeepFreedMemory();
var model = new EncoderClassifierByHand();
var ps = model.parameters().ToArray();
var opt = torch.optim.AdamW(ps, 1e-3, weight_decay: 0.01);
var x = randint(0, 1000, new long[] { 8, 128 }); var y = randint(0, 10, new long[] { 8 });
var flat = zeros(ps.Sum(p => p.numel()));
(double fb, double rest) Step(int mode)
{
    var sw = Stopwatch.StartNew();
    using var s = NewDisposeScope();
    var loss = nn.functional.cross_entropy(model.forward(x), y);
    loss.item<float>(); loss.backward();
    var fb = sw.Elapsed.TotalMilliseconds;
    if (mode == 2) { using var ng = no_grad(); long o = 0; foreach (var p in ps) { var n = p.numel(); flat.narrow(0, o, n).copy_(p.grad.flatten()); o += n; } }
    var t1 = sw.Elapsed.TotalMilliseconds;
    if (mode == 0) opt.zero_grad(); else foreach (var p in ps) p.grad = null;
    return (fb, sw.Elapsed.TotalMilliseconds - fb);
}
Console.WriteLine($"grad after zero_grad: {(ps[0].grad is null ? "null" : "tensor")}");
for (int i = 0; i < 5; i++) { Step(0); Step(1); }
var r = new[] { new System.Collections.Generic.List<double>(), new(), new() }; var z = new[] { new System.Collections.Generic.List<double>(), new(), new() };
for (int k = 0; k < 25; k++) for (int m = 0; m < 3; m++) { Step(m); var (a, b) = Step(m); r[m].Add(a); z[m].Add(b); }
for (int m = 0; m < 3; m++) { r[m].Sort(); z[m].Sort(); Console.WriteLine($"mode {m}: fwd+bwd min {r[m][0]:F1} med {r[m][12]:F1}   after {z[m][0]:F2} / {z[m][12]:F2}"); }
opt.zero_grad(); Console.WriteLine($"grad after zero_grad: {(ps[0].grad is null ? "null" : "tensor")}");
