// A frame-level audio encoder over MFCC sequences of any length [B, 40, T]: Conv1d + BatchNorm1d +
// ReLU blocks with MaxPool1d(2) twice, giving [B, 64, T / 4]. Sequential with a free length.
// Model: AudioEncoder
// Calls: B=2, T=50 | B=3, T=23
using ShapeSharp;

namespace Corpus.SequentialAudioEncoder;

[Input("B, 40, T")]
[Conv1d(64, Kernel = 5, Padding = 2), BatchNorm1d, ReLU, MaxPool1d(2)]
[Conv1d(64, Kernel = 3, Padding = 1), BatchNorm1d, ReLU, MaxPool1d(2)]
[Conv1d(64, Kernel = 1)]
public partial class AudioEncoder;
