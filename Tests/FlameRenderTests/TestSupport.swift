import FlameIngest
import FlameModel
@testable import FlameRender
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Paths and helpers shared by the render tests.
enum Support {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Fixtures/svg")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func load(_ name: String) throws -> LoadedProfile {
        try ProfileLoader(options: LoadOptions(), diagnostics: Diagnostics())
            .loadPlainOrDifferential([.file(fixture(name))])
    }

    static func render(_ name: String, _ options: RenderOptions) throws -> String {
        var sink = ByteArraySink()
        switch try load(name) {
        case .plain(let profile): _ = try FlameGraph.render(profile, options: options, to: &sink)
        case .differential(let profile): _ = try FlameGraph.render(profile, options: options, to: &sink)
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static func profile(_ lines: [(String, UInt64)]) -> Profile {
        let profile = Profile()
        for (stack, count) in lines { profile.add(stack: stack.split(separator: ";", omittingEmptySubsequences: false).map(String.init), weight: count) }
        return profile
    }
}

/// One drawn frame read back from an SVG.
struct DrawnFrame {
    var depthGroup: Int
    var title: String
    var name: String
    var samples: Double
    var x: Double, y: Double, width: Double
    var label: String?
    var fill: String
}

struct ParseError: Error { let message: String }

/// Parses an SVG with Foundation's XML parser and collects the frames.
struct ParsedSVG {
    let document: XMLDocument
    let frames: [DrawnFrame]

    init(_ text: String) throws {
        document = try XMLDocument(xmlString: text, options: [])
        var frames: [DrawnFrame] = []
        // Frames nest: each frame's <g> holds its children's groups.
        func visit(_ frame: XMLElement, depth: Int) throws {
            let elements = (frame.children ?? []).compactMap { $0 as? XMLElement }
            let title = elements.first { $0.localName == "title" }?.stringValue ?? ""
            guard let rect = elements.first(where: { $0.localName == "rect" }) else { throw ParseError(message: "frame without rect") }
            let label = elements.first { $0.localName == "text" }?.stringValue
            func attribute(_ name: String) -> String {
                rect.attributes?.first { $0.localName == name || $0.name == name }?.stringValue ?? ""
            }
            func number(_ name: String) throws -> Double {
                guard let value = Double(attribute(name)) else { throw ParseError(message: "rect \(name)='\(attribute(name))'") }
                return value
            }
            // "name (1,234 samples, 5.00%)": the name is everything before the last " (".
            guard let open = title.range(of: " (", options: .backwards),
                  let count = Double(title[open.upperBound...].prefix { $0 != " " }.replacingOccurrences(of: ",", with: ""))
            else { throw ParseError(message: "unexpected frame title: \(title)") }
            frames.append(DrawnFrame(depthGroup: depth, title: title, name: String(title[..<open.lowerBound]),
                                     samples: count, x: try number("x"), y: try number("y"), width: try number("width"),
                                     label: label, fill: attribute("fill")))
            for child in elements where child.localName == "g" { try visit(child, depth: depth + 1) }
        }
        let roots = try document.nodes(forXPath: "//*[local-name()='g'][@id='frames']/*[local-name()='g']")
        for case let root as XMLElement in roots { try visit(root, depth: 0) }
        self.frames = frames
    }
}
