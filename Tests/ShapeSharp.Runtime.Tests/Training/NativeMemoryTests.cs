using System;
using ShapeSharp.Training;

namespace ShapeSharp.Runtime.Tests.Training;

/// <summary>The allocator setting a training program makes first: applied on glibc Linux, reported for the log.</summary>
public class NativeMemoryTests
{
    [Fact]
    public void Keeps_freed_memory_on_linux_unless_told_not_to()
    {
        var applied = NativeMemory.KeepFreedMemory();
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("SHAPESHARP_MALLOC") != "default";
        Assert.Equal(expected, applied);
        Assert.Equal(applied, NativeMemory.Setting.Contains("keeps freed memory", StringComparison.Ordinal));
    }
}
