namespace ShapeSharp.Samples.FashionMnist;

/// <summary>The parsed command line.</summary>
/// <param name="Precision">--precision: FashionCnn's compute type (TrainOptions.Precision).</param>
/// <param name="Device">--device: null for auto (TrainOptions.Device null: CUDA when available, else the CPU).</param>
/// <param name="Rebase">--rebase: a resume whose settings differ continues on the new schedule instead of being refused.</param>
/// <param name="Resume">Null: a fresh run; "": resume from --out's checkpoint; else the checkpoint to resume from.</param>
internal sealed record Settings(string Data, int Epochs, string Out, string? Resume, bool Overwrite, int BatchSize, long Seed, int? Limit, bool Rebase = false, TorchSharp.torch.Device? Device = null, DType Precision = DType.Float32);
