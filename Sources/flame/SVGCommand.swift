import ArgumentParser
import FlameIngest
import FlameModel
import FlameRender
#if canImport(Glibc)
import Glibc
#endif

struct SVG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svg",
        abstract: "Draw folded stacks (or perf script output) as an interactive SVG flame graph.",
        discussion: """
        Takes flamegraph.pl's options with the same names and meanings. Inputs are \
        folded stacks ('root;caller;leaf COUNT'), differential folded stacks \
        ('stack COUNT1 COUNT2', as difffolded.pl writes them: widths follow COUNT2, \
        red frames grew and blue ones shrank), or perf script text; several inputs merge. \
        In the SVG: click a frame to zoom, Ctrl-F or F3 to search by regular expression, \
        Ctrl-I to toggle case sensitivity; zoom and search are kept in the URL.

        Examples:
          perf script | flame svg > cpu.svg
          flame svg --title 'Build' --colors java --minwidth 0.5 build.folded -o build.svg
          flame svg --inverted --countname bytes alloc.folded > alloc.svg
        """
    )

    @Option(help: ArgumentHelp("Title text (default 'Flame Graph', 'Icicle Graph' or 'Flame Chart').", valueName: "TEXT"))
    var title: String?
    @Option(help: ArgumentHelp("Second-level title.", valueName: "TEXT"))
    var subtitle = ""
    @Option(help: ArgumentHelp("Width of the image in pixels (default 1200).", valueName: "NUM"))
    var width: Double = 1200
    @Option(help: ArgumentHelp("Height of each frame in pixels (default 16).", valueName: "NUM"))
    var height: Double = 16
    @Option(help: ArgumentHelp("Omit frames narrower than this: pixels (default 0.1), or percent of the total with '%' (e.g. 0.5%).", valueName: "NUM[%]"))
    var minwidth = "0.1"
    @Option(help: ArgumentHelp("Font family (default Verdana).", valueName: "FONT"))
    var fonttype = "Verdana"
    @Option(help: ArgumentHelp("Font size (default 12).", valueName: "NUM"))
    var fontsize: Double = 12
    @Option(help: ArgumentHelp("Average character width relative to the font size, for fitting labels (default 0.59).", valueName: "NUM"))
    var fontwidth: Double = 0.59
    @Option(help: ArgumentHelp("What the counts are (default: the profile's unit where it has one, as pprof names it — 'nanoseconds', 'bytes' — else 'samples').", valueName: "TEXT"))
    var countname: String?
    @Option(help: ArgumentHelp("What the names are, shown before a hovered frame (default 'Function:').", valueName: "TEXT"))
    var nametype = "Function:"
    @Option(help: ArgumentHelp("Palette: \(Palette.allCases.map(\.rawValue).joined(separator: ", ")) (default hot).", valueName: "PALETTE"))
    var colors = "hot"
    @Option(help: ArgumentHelp("Background: yellow, blue, green, grey, or #rrggbb (default by palette).", valueName: "COLOR"))
    var bgcolors: String?
    @Flag(help: "Colour by a hash of the name: similar names get similar colours.")
    var hash = false
    @Flag(help: "Colour each frame at random.")
    var random = false
    @Flag(help: "Consistent palette: reuse and update the colours in palette.map (see --palette-file).")
    var cp = false
    @Option(name: .customLong("palette-file"), help: ArgumentHelp("The palette file of --cp (default palette.map).", valueName: "FILE"))
    var paletteFile = "palette.map"
    @Flag(help: "Reverse every stack (merge from the leaves).")
    var reverse = false
    @Flag(help: "Icicle graph: roots at the top.")
    var inverted = false
    @Flag(help: "Flame chart: keep the input order of stacks (time order) instead of sorting by name.")
    var flamechart = false
    @Flag(help: "Differential input: swap the hues (blue grew, red shrank) and the sign of the change.")
    var negate = false
    @Option(help: ArgumentHelp("Text for a comment in the SVG.", valueName: "TEXT"))
    var notes = ""
    @Option(help: ArgumentHelp("Width of the graph in counts, when larger than the sum of the counts.", valueName: "COUNT"))
    var total: UInt64?
    @Option(help: ArgumentHelp("Multiply counts by this in tooltips (e.g. a sampling period).", valueName: "NUM"))
    var factor: Double = 1
    @Flag(help: "Reproducible output: with --random, use a fixed seed.")
    var deterministic = false
    @Flag(name: .customLong("no-sort"), help: "Order siblings by first appearance instead of by name.")
    var noSort = false
    @Option(name: .customLong("search-color"), help: ArgumentHelp("Colour of frames matching a search (default rgb(230,0,230)).", valueName: "COLOR"))
    var searchColor = "rgb(230,0,230)"
    @Flag(name: .customLong("truncate-text-right"), help: "Cut long labels at the end ('head..') instead of at the start ('..tail').")
    var truncateTextRight = false
    @OptionGroup var input: InputOptions

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp("Folded, differential folded or perf script files; '-' or none for standard input.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        if MinWidth(minwidth) == nil { throw ValidationError("--minwidth must be a number of pixels or a percentage such as 0.5%, not '\(minwidth)'") }
        if Palette(rawValue: colors) == nil { throw ValidationError("unknown palette '\(colors)'; choose one of \(Palette.allCases.map(\.rawValue).joined(separator: ", "))") }
        if let bgcolors, Background(bgcolors) == nil { throw ValidationError("--bgcolors must be yellow, blue, green, grey or #rrggbb, not '\(bgcolors)'") }
        if deterministic && hash { throw ValidationError("--deterministic and --hash cannot be combined (--hash is already deterministic)") }
    }

    func renderOptions() -> RenderOptions {
        var options = RenderOptions()
        options.title = title
        options.subtitle = subtitle
        options.imageWidth = width
        options.frameHeight = height
        options.minWidth = MinWidth(minwidth)!
        options.fontType = fonttype
        options.fontSize = fontsize
        options.fontWidth = fontwidth
        if let countname { options.countName = countname }
        options.nameType = nametype
        options.palette = Palette(rawValue: colors)!
        options.background = bgcolors.flatMap(Background.init)
        options.hash = hash
        options.random = random
        options.reverse = reverse
        options.inverted = inverted
        options.flamechart = flamechart
        options.negate = negate
        options.notes = notes
        options.total = total
        options.factor = factor
        options.deterministic = deterministic
        options.sort = !noSort
        options.searchColor = searchColor
        options.truncateTextRight = truncateTextRight
        return options
    }

    func run() throws {
        try runCommand {
            var options = renderOptions()
            if cp { options.paletteMap = PaletteMap(parsing: try readPaletteFile(paletteFile)) }
            let load = input.loadOptions(threads: common.threadCount())
            let diagnostics = Diagnostics.commandLine()
            let input = try ProfileLoader(options: load, diagnostics: diagnostics)
                .loadPlainOrDifferential(files.map(InputSource.init(argument:)))
            var report = RenderReport()
            try withOutput(common.output) { sink in
                var sink = sink
                switch input {
                case .plain(let profile):
                    if countname == nil, let unit = profile.unit, !["count", "samples", "period"].contains(unit) {
                        options.countName = unit
                    }
                    report = try FlameGraph.render(profile, options: options, to: &sink)
                case .differential(let profile): report = try FlameGraph.render(profile, options: options, to: &sink)
                }
            }
            for warning in report.warnings { diagnostics.warn(warning) }
            if cp, let map = report.paletteMap {
                try withOutput(paletteFile) { sink in
                    var sink = sink
                    try sink.write(map.serialized())
                }
            }
        }
    }

    private func readPaletteFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return [] }  // first use: the file is created afterwards
            throw OutputFileError(description: "\(path): cannot read palette file: \(errorText(errno))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputFileError(description: "\(path): cannot read palette file: \(errorText(errno))")
            }
            if n == 0 { break }
            bytes += chunk[..<n]
        }
        return bytes
    }
}
