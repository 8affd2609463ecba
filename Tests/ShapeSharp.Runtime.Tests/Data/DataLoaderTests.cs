using System.Linq;
using ShapeSharp.Data;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Data;

public class DataLoaderTests
{
    private static TensorDataset Numbers(int count) =>
        new(arange(count, dtype: ScalarType.Float32).reshape(count, 1), arange(count, dtype: ScalarType.Int64));

    private static long[] Epoch(DataLoader loader) =>
        loader.SelectMany(b => b.Target.data<long>().ToArray()).ToArray();

    [Fact]
    public void Every_sample_once_per_epoch_in_batches_of_the_size()
    {
        using var data = Numbers(10);
        var loader = new DataLoader(data, 4, shuffle: true, seed: 7);
        Assert.Equal(3, loader.BatchCount);
        var sizes = loader.Select(b => b.Input.shape[0]).ToArray();
        Assert.Equal(new long[] { 4, 4, 2 }, sizes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), Epoch(loader).OrderBy(i => i));
    }

    [Fact]
    public void Same_seed_same_order_other_epochs_other_orders()
    {
        using var data = Numbers(50);
        var a = new DataLoader(data, 8, shuffle: true, seed: 3);
        var b = new DataLoader(data, 8, shuffle: true, seed: 3);
        var first = Epoch(a);
        Assert.Equal(first, Epoch(b));
        var second = Epoch(a);
        Assert.NotEqual(first, second);
        Assert.NotEqual(first, Epoch(new DataLoader(data, 8, shuffle: true, seed: 4)));

        b.SetEpoch(2);                      // a resumed run jumps straight to epoch 2
        Assert.Equal(second, Epoch(b));
        Assert.Equal(second, a.Order(2));
    }

    [Fact]
    public void Drop_last_and_unshuffled_order()
    {
        using var data = Numbers(10);
        var loader = new DataLoader(data, 4, dropLast: true);
        Assert.Equal(2, loader.BatchCount);
        Assert.Equal(8, loader.SampleCount);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), Epoch(loader));
    }

    [Fact]
    public void Mismatched_dataset_is_a_clear_error()
    {
        var error = Assert.Throws<System.ArgumentException>(() => new TensorDataset(zeros(5, 2), zeros(4)));
        Assert.Contains("[5, 2]", error.Message);
        Assert.Contains("[4]", error.Message);
    }
}
