using System;
using System.CommandLine;
using System.IO;
using ShapeSharp.Samples;
using ShapeSharp.Samples.FashionMnist;
using Options = ShapeSharp.Samples.Options;

// The main job: train the Definitions CNN on Fashion-MNIST (the bundled 12,000/2,000 real subset,
// or the full set with --data), report, and write plots, history and a checkpoint.
var data = new Option<string>("--data")
{
    Description = "Folder with the four Fashion-MNIST IDX files (default: the bundled 12,000/2,000 subset beside the program)",
    HelpName = "DIR",
    DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "data"),
};
var epochs = Options.Int("--epochs", "Train up to this epoch; 0 only evaluates", 4, 0, 100_000);
var output = new Option<string>("--out")
{
    Description = "Folder for checkpoint.bin, history.csv/json and the plots",
    HelpName = "DIR",
    DefaultValueFactory = _ => Path.Combine("out", "fashion-mnist"),
};
var resume = new Option<string?>("--resume")
{
    Description = "Continue a run from CHECKPOINT, or from --out's checkpoint.bin when none is named",
    HelpName = "CHECKPOINT",
    Arity = ArgumentArity.ZeroOrOne,
};
var overwrite = new Option<bool>("--overwrite") { Description = "Start afresh even where --out holds an earlier run's results" };
var rebase = new Option<bool>("--rebase")
{
    Description = "With --resume: continue although this run's batch size, data, epochs or schedule differ from the checkpoint's; " +
        "the schedule restarts at the position of the finished epochs",
};
var batchSize = Options.Int("--batch-size", "Training batch size", 64, 1, 65_536);
var seed = Options.Long("--seed", "Seed of the initial weights and the data order", 1);
var limit = Options.OptionalInt("--limit", "Use at most N training and N test images", 1, int.MaxValue);
var device = Options.Device();
var precision = Options.Precision();
var verbose = Options.Verbose();
var command = new RootCommand(
    "Trains FashionCnn on Fashion-MNIST, reports test accuracy and per-class scores, and writes a checkpoint, " +
    "the history and plots. Ctrl-C stops after the current step and writes a checkpoint to resume from. " +
    "Exit codes: 0 done, 1 failed (data, checkpoint, --out), 2 bad command line, 70 internal error, 130 stopped by Ctrl-C.")
{
    data, epochs, output, resume, overwrite, rebase, batchSize, seed, limit, device, precision, verbose,
};

return SampleCommand.Run(command, verbose, args, (parse, stop) => Run.Train(
    new Settings(
        parse.GetValue(data)!,
        parse.GetValue(epochs),
        parse.GetValue(output)!,
        parse.GetResult(resume) is null ? null : parse.GetValue(resume) ?? "",
        parse.GetValue(overwrite),
        parse.GetValue(batchSize),
        parse.GetValue(seed),
        parse.GetValue(limit),
        parse.GetValue(rebase),
        parse.GetValue(device),
        parse.GetValue(precision)),
    stop));
