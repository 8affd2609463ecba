namespace ShapeSharp.Generator;
