import FlameModel
import FlameRender
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import FuzzDriver

/// Arbitrary bytes as frame names (split at `;` and newlines, invalid UTF-8
/// included): the rendered SVG must parse as XML, hold exactly one script
/// element and no event-handler attribute, and end only its own two CDATA
/// sections. A violation traps, which libFuzzer reports as a finding.
runFuzzer { data, size in
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let profile = Profile()
    for line in bytes.split(separator: 10, omittingEmptySubsequences: true).prefix(16) {
        let names = line.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }
        if !names.isEmpty { profile.add(stack: names, weight: UInt64(names.count)) }
    }
    guard profile.total > 0, let svg = try? FlameGraph.svg(profile) else { return 0 }
    let checker = SVGChecker()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = checker
    precondition(parser.parse(), "rendered SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "?")")
    precondition(checker.scripts == 1, "\(checker.scripts) script elements")
    precondition(checker.handlers.isEmpty, "event-handler attributes: \(checker.handlers)")
    precondition(svg.components(separatedBy: "]]>").count - 1 == 2, "a name ended a CDATA section")
    return 0
}

final class SVGChecker: NSObject, XMLParserDelegate {
    var scripts = 0
    var handlers: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "script" { scripts += 1 }
        handlers += attributes.keys.filter { $0.lowercased().hasPrefix("on") }
    }
}
