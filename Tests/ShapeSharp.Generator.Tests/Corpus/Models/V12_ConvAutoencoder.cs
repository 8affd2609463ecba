// A convolutional autoencoder on 28x28 images: strided convs down to 1x1, ConvTranspose2d with
// OutputPadding back up to 28x28, a sigmoid at the end. Sequential.
// Model: ConvAutoencoder
// Calls: B=2 | B=4
using ShapeSharp;

namespace Corpus.ConvAutoencoder;

[Input("B, 1, 28, 28")]
[Conv2d(16, Kernel = 3, Stride = 2, Padding = 1), ReLU]
[Conv2d(32, Kernel = 3, Stride = 2, Padding = 1), ReLU]
[Conv2d(64, Kernel = 7)]
[ConvTranspose2d(32, Kernel = 7), ReLU]
[ConvTranspose2d(16, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1), ReLU]
[ConvTranspose2d(1, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1), Sigmoid]
[MSELoss, Adam(LearningRate = 1e-3)]
public partial class ConvAutoencoder;
