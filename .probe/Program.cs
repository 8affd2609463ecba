using System;
using TorchSharp;
using static TorchSharp.torch;
int bad = 0, total = 0;
foreach (var n in new[] { 1, 8, 64 })
foreach (var cin in new[] { 1, 3, 16, 32, 48 })
foreach (var cout in new[] { 10, 32, 48, 64, 100 })
foreach (var k in new[] { 1, 3, 5 })
{
    var x = randn(n, cin, 28, 28); var w = randn(cout, cin, k, k); var b = randn(cout);
    var r = nn.functional.conv2d(x, w, b, padding: new long[] { k / 2, k / 2 });
    var e = nn.functional.conv2d(x.to(float64), w.to(float64), b.to(float64), padding: new long[] { k / 2, k / 2 });
    var d = ((r.to(float64) - e).abs().max() / e.abs().max()).item<double>();
    total++;
    if (d > 1e-5) { bad++; Console.WriteLine($"BAD n{n} cin{cin} cout{cout} k{k}: {d:G3}"); }
}
Console.WriteLine($"conv2d: {bad} of {total} shapes off by more than 1e-5 relative");
bad = 0; total = 0;
foreach (var n in new[] { 1, 8, 64, 1024 })
foreach (var i in new[] { 8, 32, 256 })
foreach (var o in new[] { 10, 16, 24, 48, 64, 100, 768 })
{
    var x = randn(n, i); var w = randn(o, i); var b = randn(o);
    var r = nn.functional.linear(x, w, b);
    var e = nn.functional.linear(x.to(float64), w.to(float64), b.to(float64));
    total++; if (((r.to(float64) - e).abs().max() / e.abs().max()).item<double>() > 1e-5) bad++;
}
Console.WriteLine($"linear (TorchSharp default): {bad} of {total} shapes off");
