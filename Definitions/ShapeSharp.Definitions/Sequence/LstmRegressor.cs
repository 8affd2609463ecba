using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace ShapeSharp.Definitions.Sequence;

/// <summary>
/// The stock-price LSTM of the time-series tutorials: a window of 30 days of 5 features
/// (open, high, low, close, volume, normalised) predicts the next day's close.
/// </summary>
[Input("B, 30, 5")]
[MSELoss, Adam(LearningRate = 1e-3)]
public partial class LstmRegressor
{
    [LSTM(64, Layers = 2, Dropout = 0.1)]
    private partial Tensor Encode(Tensor x);

    [Linear(32), ReLU, Linear(1)]
    private partial Tensor Head(Tensor x);

    public override Tensor forward(Tensor x) => Head(Encode(x)[.., -1]);  // the last time step: [B, 64] -> [B, 1]
}
