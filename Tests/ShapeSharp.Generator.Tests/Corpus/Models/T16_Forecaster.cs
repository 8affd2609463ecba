// A multi-step LSTM forecaster (encoder-decoder, as in many time-series tutorials): the encoder's last
// hidden state h_n[-1] repeated over the horizon (unsqueeze(1).repeat(1, 12, 1)), a decoder LSTM,
// a Linear(1) per step squeezed to [B, 12]; also the last input step x[:, -1, :] as a skip.
// Model: Forecaster
// Calls: B=2, T=20 | B=4, T=9
using ShapeSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Corpus.Forecaster;

[Input("B, T, 3")]
public partial class Forecaster
{
    private const int Horizon = 12;

    [LSTM(32)] private partial (Tensor Output, Tensor Hidden, Tensor Cell) Encoder(Tensor x);
    [LSTM(32)] private partial Tensor Decoder(Tensor x);
    [Linear(1)] private partial Tensor Out(Tensor x);
    [Linear(Horizon)] private partial Tensor Skip(Tensor x);

    public override Tensor forward(Tensor x)
    {
        var (_, hidden, _) = Encoder(x);                                        // [1, B, 32]
        var repeated = hidden[-1].unsqueeze(1).repeat(1, Horizon, 1);           // [B, 12, 32]
        var steps = Out(Decoder(repeated)).squeeze(-1);                         // [B, 12]
        return steps + Skip(x[.., -1, ..]);                                     // [B, 12]
    }
}
