using System;
using System.IO;
using System.Linq;
using System.Text;
using ShapeSharp.Optimizers;
using ShapeSharp.Runtime.Tests.Training;
using ShapeSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShapeSharp.Runtime.Tests.Checkpoints;

/// <summary>Issue 16, items 1, 2 and 6: each test fails on the format-1 reader.</summary>
public sealed class CheckpointDefectTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Same parameters as TinyModel, another class: a checkpoint of one must not load into the other.</summary>
    private sealed class TwinModel : nn.Module<Tensor, Tensor>
    {
        private readonly Linear layers_0 = nn.Linear(4, 8);
        private readonly ReLU layers_1 = nn.ReLU();
        private readonly Linear layers_2 = nn.Linear(8, 3);

        public TwinModel()
            : base(nameof(TwinModel)) => RegisterComponents();

        public override Tensor forward(Tensor x) => layers_2.forward(layers_1.forward(layers_0.forward(x)));
    }

    private string Saved(long seed = 1)
    {
        var path = _temp.File($"run-{seed}.ckpt");
        var (model, optimizer) = CheckpointFiles.Trained(seed);
        using (model)
        using (optimizer)
        {
            CheckpointFiles.Save(path, model, optimizer);
        }

        return path;
    }

    /// <summary>Asserts the load is refused with a CheckpointException naming the file, and changes neither model nor optimizer.</summary>
    private static CheckpointException Refused(string path, TinyModel model, optim.Optimizer? optimizer, params string[] phrases)
    {
        var weights = TinyModel.Weights(model);
        var state = optimizer is null ? null : CheckpointFiles.OptimizerState(optimizer);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, model, optimizer));
        Assert.Contains(path, error.Message);
        foreach (var phrase in phrases)
        {
            Assert.Contains(phrase, error.Message);
        }

        Assert.Equal(weights, TinyModel.Weights(model));
        if (optimizer is not null)
        {
            Assert.Equal(state, CheckpointFiles.OptimizerState(optimizer));
        }

        return error;
    }

    [Fact]
    public void Item1_a_tensor_whose_byte_count_does_not_fit_its_shape_changes_neither_model_nor_optimizer()
    {
        var path = Saved();
        var field = CheckpointFiles.IntegerFields(path).Single(f => f.Field == "'layers_2.bias''s byte count");  // the last tensor
        File.WriteAllBytes(path, CheckpointFiles.WithField(File.ReadAllBytes(path), field, 8));

        var (model, optimizer) = CheckpointFiles.Trained(seed: 2);
        using (model)
        using (optimizer)
        {
            Refused(path, model, optimizer, "'layers_2.bias' 8 bytes", "needs 12");
        }
    }

    [Fact]
    public void Item1_optimizer_state_that_does_not_fit_is_rolled_back_and_the_model_left_alone()
    {
        var path = _temp.File("adamw.ckpt");
        using (var first = new TinyModel())
        using (var adamW = new FusedAdamW(first.parameters(), 1e-2))
        {
            Checkpoint.Save(path, first, adamW, new CheckpointInfo(1, 0, null, new History()));
        }

        using var model = new TinyModel();
        using var otherBetas = new FusedAdamW(model.parameters(), 1e-2, beta1: 0.8);
        var weights = TinyModel.Weights(model);
        var state = CheckpointFiles.OptimizerState(otherBetas);
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, model, otherBetas));
        Assert.Contains("does not fit this optimizer", error.Message);
        Assert.Equal(weights, TinyModel.Weights(model));
        Assert.Equal(state, CheckpointFiles.OptimizerState(otherBetas));
    }

    [Fact]
    public void Item2_one_flipped_byte_is_refused_as_damaged()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        var field = CheckpointFiles.IntegerFields(path).Single(f => f.Field == "'layers_0.weight''s byte count");
        bytes[field.Offset + 8 + 32 + 17] ^= 0x10;  // inside the first weight's data, past its checksum
        File.WriteAllBytes(path, bytes);

        using var model = new TinyModel();
        Refused(path, model, null, "damaged", "checksum");
    }

    [Fact]
    public void Item2_a_flipped_byte_with_the_file_checksum_redone_is_caught_by_the_tensor_checksum()
    {
        var path = Saved();
        var bytes = File.ReadAllBytes(path);
        var field = CheckpointFiles.IntegerFields(path).Single(f => f.Field == "'layers_0.weight''s byte count");
        bytes[field.Offset + 8 + 32 + 17] ^= 0x10;
        CheckpointFile.Sign(bytes);
        File.WriteAllBytes(path, bytes);

        using var model = new TinyModel();
        Refused(path, model, null, "damaged data in 'layers_0.weight'");
    }

    [Fact]
    public void Item2_nan_weights_are_refused_naming_the_tensor()
    {
        var path = _temp.File("nan.ckpt");
        using (var broken = new TinyModel())
        {
            using (no_grad())
            {
                broken.parameters().First()[0, 1] = tensor(float.NaN);
                broken.parameters().First()[2, 3] = tensor(float.PositiveInfinity);
            }

            Checkpoint.Save(path, broken, null, new CheckpointInfo(1, 4, null, new History()));
        }

        using var model = new TinyModel();
        Refused(path, model, null, "2 NaN or infinite values", "'layers_0.weight'");
    }

    [Theory]
    [InlineData("the epoch", -2L, "epoch -2")]
    [InlineData("the step", -1L, "step -1")]
    public void Item2_a_negative_epoch_or_step_is_refused(string field, long value, string phrase)
    {
        var path = Saved();
        var target = CheckpointFiles.IntegerFields(path).Single(f => f.Field == field);
        File.WriteAllBytes(path, CheckpointFiles.WithField(File.ReadAllBytes(path), target, value));
        using var model = new TinyModel();
        Refused(path, model, null, phrase, "negative");
    }

    [Fact]
    public void Item2_saving_a_negative_epoch_is_refused()
    {
        using var model = new TinyModel();
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Checkpoint.Save(_temp.File("x.ckpt"), model, null, new CheckpointInfo(-2, 0, null, new History())));
        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void Item2_a_checkpoint_of_another_model_type_is_refused_unless_not_strict()
    {
        var path = Saved();
        using var twin = new TwinModel();
        var before = twin.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Load(path, twin));
        Assert.Contains(typeof(TinyModel).FullName!, error.Message);
        Assert.Contains(typeof(TwinModel).FullName!, error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(before, twin.parameters().Select(p => p.data<float>().ToArray()).ToList());

        var info = Checkpoint.Load(path, twin, strict: false);
        Assert.Equal(2, info.Epoch);
        Assert.NotEqual(before, twin.parameters().Select(p => p.data<float>().ToArray()).ToList());
    }

    [Fact]
    public void Missing_optimizer_state_is_refused_when_strict()
    {
        var path = _temp.File("weights-only.ckpt");
        using (var saved = new TinyModel())
        {
            Checkpoint.Save(path, saved, null, new CheckpointInfo(1, 4, null, new History()));
        }

        var (model, optimizer) = CheckpointFiles.Trained(seed: 3);
        using (model)
        using (optimizer)
        {
            Refused(path, model, optimizer, "no optimizer state");
            Checkpoint.Load(path, model, optimizer, strict: false);
        }
    }

    [Fact]
    public void A_round_trip_restores_weights_optimizer_rng_history_and_run()
    {
        var path = Saved(seed: 5);
        var (expected, expectedOptimizer) = CheckpointFiles.Trained(seed: 5);
        var (model, optimizer) = CheckpointFiles.Trained(seed: 6);
        using (expected)
        using (expectedOptimizer)
        using (model)
        using (optimizer)
        {
            var info = Checkpoint.Load(path, model, optimizer);
            Assert.Equal(TinyModel.Weights(expected), TinyModel.Weights(model));
            Assert.Equal(CheckpointFiles.OptimizerState(expectedOptimizer), CheckpointFiles.OptimizerState(optimizer));
            Assert.Equal(2, info.Epoch);
            Assert.Equal(8, info.Step);
            Assert.Equal(new[] { 1.1, 0.9 }, info.History.Series("loss"));
            Assert.Equal(8, info.Run!.BatchSize);
            Assert.Equal(32, info.Run.Data!.Samples);
            Assert.NotNull(info.RngState);
        }
    }

    [Fact]
    public void Item6_every_header_field_set_to_a_hostile_value_gives_a_checkpoint_exception()
    {
        var path = Saved();
        var original = File.ReadAllBytes(path);
        var fields = CheckpointFiles.IntegerFields(path);
        Assert.True(fields.Count > 30, $"{fields.Count} fields");
        var refused = 0;
        foreach (var field in fields)
        {
            foreach (var value in CheckpointFiles.HostileValues)
            {
                File.WriteAllBytes(path, CheckpointFiles.WithField(original, field, value));
                using var model = new TinyModel();
                var weights = TinyModel.Weights(model);
                try
                {
                    Checkpoint.Load(path, model);
                }
                catch (CheckpointException e)
                {
                    Assert.Contains(path, e.Message);
                    Assert.Equal(weights, TinyModel.Weights(model));
                    refused++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{field.Field} = {value}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        // Only a count already 0 (the history's?) or a value equal to the original can load.
        Assert.True(refused >= fields.Count * CheckpointFiles.HostileValues.Length - 10, $"{refused} refused");
    }

    [Fact]
    public void An_rng_state_libtorch_would_abort_on_is_refused_before_it_gets_there()
    {
        var path = Saved();
        using (var current = random.get_rng_state())
        {
            Assert.Equal(RngState.Size, current.bytes.Length);  // the layout the managed check assumes
        }

        var bytes = File.ReadAllBytes(path);
        var rng = CheckpointFiles.IntegerFields(path).Single(f => f.Field == "the RNG state's length").Offset + 4;
        BitConverter.GetBytes(0).CopyTo(bytes, rng + 8);  // left = 0: "Invalid mt19937 state", a process abort in set_state
        CheckpointFile.Sign(bytes);
        File.WriteAllBytes(path, bytes);
        using var model = new TinyModel();
        Refused(path, model, null, "RNG state torch would reject");
    }

    [Fact]
    public void A_loss_scale_round_trips_and_one_that_is_not_positive_is_refused()
    {
        var (model, _) = CheckpointFiles.Trained(seed: 2);
        using (model)
        {
            var path = _temp.File("scaled.ckpt");
            Checkpoint.Save(path, model, null, new CheckpointInfo(1, 4, null, new History(), LossScale: new LossScaleState(1024, 7)));
            Assert.Equal(new LossScaleState(1024, 7), Checkpoint.Load(path, model).LossScale);

            Checkpoint.Save(path, model, null, new CheckpointInfo(1, 4, null, new History(), LossScale: new LossScaleState(-1, 7)));
            Refused(path, model, null, "loss scale");
        }
    }

    [Fact]
    public void A_format_2_checkpoint_without_a_loss_scale_still_loads()
    {
        var path = Saved(seed: 3);
        var fields = CheckpointFiles.IntegerFields(path);
        var lossScale = fields.Single(f => f.Field == "the loss scale's length");
        var version = fields.Single(f => f.Field == "the format version");
        var bytes = File.ReadAllBytes(path).ToList();
        bytes.RemoveRange((int)lossScale.Offset, 4);  // the empty loss scale string: format 2 has no such field
        var old = CheckpointFiles.WithField(bytes.ToArray(), version, 2);
        File.WriteAllBytes(path, old);

        var (expected, _) = CheckpointFiles.Trained(seed: 3);
        using (expected)
        using (var model = new TinyModel())
        {
            var info = Checkpoint.Load(path, model);
            Assert.Equal(TinyModel.Weights(expected), TinyModel.Weights(model));
            Assert.Null(info.LossScale);
            Assert.Equal(8, info.Run!.BatchSize);
        }
    }

    [Fact]
    public void A_format_1_checkpoint_is_refused_saying_so()
    {
        var path = _temp.File("v1.ckpt");
        using (var writer = new BinaryWriter(File.Create(path), Encoding.UTF8))
        {
            writer.Write("ShapeSharp.Checkpoint");
            writer.Write(1);
            writer.Write(new byte[100]);
        }

        using var model = new TinyModel();
        Refused(path, model, null, "format 1");
    }

    [Fact]
    public void A_write_killed_at_any_point_leaves_the_previous_checkpoint_and_the_next_save_clears_its_remains()
    {
        var path = _temp.File("run.ckpt");
        var (model, optimizer) = CheckpointFiles.Trained(seed: 11);
        using var _ = model;
        using var __ = optimizer;
        CheckpointFiles.Save(path, model, optimizer);
        var previous = File.ReadAllBytes(path);
        var next = _temp.File("next.ckpt");
        Checkpoint.Save(next, model, optimizer, new CheckpointInfo(3, 12, null, new History()));
        var nextBytes = File.ReadAllBytes(next);
        File.Delete(next);

        // What a kill leaves at each of 40 moments: the target untouched and a partial temporary file.
        for (var k = 0; k <= 40; k++)
        {
            var cut = (int)((long)nextBytes.Length * k / 40);
            var remains = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(remains, nextBytes[..cut]);
            using var fresh = new TinyModel();
            Assert.Equal(2, Checkpoint.Load(path, fresh).Epoch);
            Assert.Equal(previous, File.ReadAllBytes(path));
        }

        Checkpoint.Save(path, model, optimizer, new CheckpointInfo(3, 12, null, new History()));
        Assert.Equal(new[] { path }, Directory.GetFiles(_temp.Path, "run.ckpt*"));
        using var resumed = new TinyModel();
        Assert.Equal(3, Checkpoint.Load(path, resumed).Epoch);
        Assert.Equal(TinyModel.Weights(model), TinyModel.Weights(resumed));
    }

    [Fact]
    public void Saving_removes_temporary_files_that_killed_writes_left()
    {
        var path = _temp.File("run.ckpt");
        var stale = path + ".tmp-" + Guid.NewGuid().ToString("N");
        var foreign = path + ".tmp-not-ours";
        File.WriteAllBytes(stale, new byte[1000]);
        File.WriteAllBytes(foreign, new byte[10]);
        using var model = new TinyModel();
        Checkpoint.Save(path, model, null, new CheckpointInfo(1, 1, null, new History()));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(foreign));
        Assert.True(File.Exists(path));
    }
}
