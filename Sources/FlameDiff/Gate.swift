import FlameModel

/// A `--fail-if` expression: a comparison of two arithmetic expressions over
/// numbers, metric names and per-function lookups. The gate fails when the
/// comparison holds. Grammar (spaces allowed between tokens):
///
///     gate    := sum ('<' | '<=' | '>' | '>=' | '==' | '!=') sum
///     sum     := product (('+' | '-') product)*
///     product := unary (('*' | '/') unary)*
///     unary   := '-' unary | primary
///     primary := NUMBER | METRIC | FUNCTION '(' NAME ')' | '(' sum ')'
///
/// NAME is a frame name, quoted ('...' or "...") or raw up to the matching
/// ')' (so `delta(foo(int))` works).
public struct Gate: Sendable {
    public let expression: String
    let left: Node, comparison: Comparison, right: Node

    indirect enum Node: Sendable {
        case number(Double)
        case metric(String)
        case function(String, String)
        case negate(Node)
        case binary(Character, Node, Node)
    }

    enum Comparison: String, Sendable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    }

    public static let functions = ["delta", "delta_total", "self_a", "self_b", "total_a", "total_b", "z"]

    public init(_ expression: String, metrics: Set<String>) throws {
        self.expression = expression
        var parser = GateParser(text: Array(expression.unicodeScalars), expression: expression, metrics: metrics)
        (left, comparison, right) = try parser.parseGate()
    }

    /// Evaluates both sides; the gate passed when the comparison does not hold.
    /// A side that is not a number (a metric that is undefined) fails the gate.
    public func evaluate(_ lookup: GateLookup) -> GateResult {
        let l = Self.value(left, lookup), r = Self.value(right, lookup)
        let holds: Bool
        switch comparison {
        case .less: holds = l < r
        case .lessOrEqual: holds = l <= r
        case .greater: holds = l > r
        case .greaterOrEqual: holds = l >= r
        case .equal: holds = l == r
        case .notEqual: holds = l != r
        }
        return GateResult(expression: expression, value: l, threshold: r, passed: !holds && !l.isNaN && !r.isNaN)
    }

    static func value(_ node: Node, _ lookup: GateLookup) -> Double {
        switch node {
        case .number(let v): return v
        case .metric(let name): return lookup.metric(name) ?? .nan
        case .function(let f, let name): return lookup.function(f, name)
        case .negate(let n): return -value(n, lookup)
        case .binary(let op, let x, let y):
            let a = value(x, lookup), b = value(y, lookup)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            default: return a / b
            }
        }
    }
}

/// What a gate reads its names from.
public protocol GateLookup {
    func metric(_ name: String) -> Double?
    func function(_ function: String, _ name: String) -> Double
}

public struct GateResult: Sendable, Equatable {
    public let expression: String
    /// The left side's value, and the right side's.
    public let value: Double
    public let threshold: Double
    public let passed: Bool
}

public struct GateError: FlameError {
    public let description: String
}

struct GateParser {
    let text: [Unicode.Scalar]
    let expression: String
    let metrics: Set<String>
    var position = 0

    init(text: [Unicode.Scalar], expression: String, metrics: Set<String>) {
        self.text = text
        self.expression = expression
        self.metrics = metrics
    }

    func error(_ message: String, at column: Int? = nil) -> GateError {
        GateError(description: "--fail-if '\(expression)': column \((column ?? position) + 1): \(message)")
    }

    mutating func skipSpace() { while position < text.count, text[position] == " " || text[position] == "\t" { position += 1 } }

    mutating func peek() -> Unicode.Scalar? { skipSpace(); return position < text.count ? text[position] : nil }

    mutating func parseGate() throws -> (Gate.Node, Gate.Comparison, Gate.Node) {
        let left = try parseSum()
        skipSpace()
        let start = position
        var op = ""
        while position < text.count, "<>=!".unicodeScalars.contains(text[position]), op.count < 2 {
            op.unicodeScalars.append(text[position])
            position += 1
        }
        guard let comparison = Gate.Comparison(rawValue: op) else {
            throw error(op.isEmpty ? (peek() == nil ? "expected a comparison (< <= > >= == !=) at the end" : "expected a comparison (< <= > >= == !=)")
                                   : "'\(op)' is not a comparison (< <= > >= == !=)", at: start)
        }
        let right = try parseSum()
        if peek() != nil { throw error("unexpected '\(text[position])' after the expression") }
        return (left, comparison, right)
    }

    mutating func parseSum() throws -> Gate.Node {
        var node = try parseProduct()
        while let c = peek(), c == "+" || c == "-" {
            position += 1
            node = .binary(Character(c), node, try parseProduct())
        }
        return node
    }

    mutating func parseProduct() throws -> Gate.Node {
        var node = try parseUnary()
        while let c = peek(), c == "*" || c == "/" {
            position += 1
            node = .binary(Character(c), node, try parseUnary())
        }
        return node
    }

    mutating func parseUnary() throws -> Gate.Node {
        if peek() == "-" { position += 1; return .negate(try parseUnary()) }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> Gate.Node {
        guard let c = peek() else { throw error("expected a number, a metric name or '(' at the end") }
        if c == "(" {
            position += 1
            let node = try parseSum()
            guard peek() == ")" else { throw error("expected ')'") }
            position += 1
            return node
        }
        if c.properties.numericType != nil && c.isASCII || c == "." { return try parseNumber() }
        if c.isASCII && (c.properties.isAlphabetic || c == "_") {
            let start = position
            var name = ""
            while position < text.count, text[position].isASCII,
                  text[position].properties.isAlphabetic || text[position] == "_" || text[position].properties.numericType != nil {
                name.unicodeScalars.append(text[position])
                position += 1
            }
            if peek() == "(" {
                guard Gate.functions.contains(name) else {
                    throw error("unknown function '\(name)' (known: \(Gate.functions.joined(separator: ", ")))", at: start)
                }
                position += 1
                return .function(name, try parseArgument())
            }
            guard metrics.contains(name) else {
                throw error("unknown metric '\(name)' (known: \(metrics.sorted().joined(separator: ", ")))", at: start)
            }
            return .metric(name)
        }
        throw error("expected a number, a metric name or '(', not '\(c)'")
    }

    mutating func parseNumber() throws -> Gate.Node {
        let start = position
        var s = ""
        while position < text.count, text[position].isASCII,
              text[position].properties.numericType != nil || text[position] == "." || text[position] == "e" || text[position] == "E"
                || ((text[position] == "+" || text[position] == "-") && (s.hasSuffix("e") || s.hasSuffix("E"))) {
            s.unicodeScalars.append(text[position])
            position += 1
        }
        guard let v = Double(s), v.isFinite else { throw error("'\(s)' is not a number", at: start) }
        return .number(v)
    }

    /// The frame name of a function call, after its '('; consumes the ')'.
    mutating func parseArgument() throws -> String {
        let open = position - 1
        skipSpace()
        var name = ""
        if position < text.count, text[position] == "'" || text[position] == "\"" {
            let quote = text[position]
            position += 1
            while position < text.count, text[position] != quote { name.unicodeScalars.append(text[position]); position += 1 }
            guard position < text.count else { throw error("unterminated quoted name", at: open + 1) }
            position += 1
            guard peek() == ")" else { throw error("expected ')' after the quoted name") }
            position += 1
            return name
        }
        var depth = 0
        while position < text.count {
            let c = text[position]
            if c == ")" {
                if depth == 0 { break }
                depth -= 1
            } else if c == "(" {
                depth += 1
            }
            name.unicodeScalars.append(c)
            position += 1
        }
        guard position < text.count else { throw error("'(' is never closed", at: open) }
        position += 1
        let trimmed = name.trimmingSpaces()
        guard !trimmed.isEmpty else { throw error("expected a frame name", at: open + 1) }
        return trimmed
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
