/// The static part of the page's style sheet (font, title size and search
/// colour are written before it from the options).
enum PageStyle {
    static let css = #"""
#title, #subtitle { text-anchor: middle; }
#subtitle { fill: rgb(160,160,160); }
#search, #ignorecase { opacity: 0.1; cursor: pointer; }
#search:hover, #search.show, #ignorecase:hover, #ignorecase.show { opacity: 1; }
#unzoom { cursor: pointer; }
#frames rect { rx: 2px; ry: 2px; }
#frames rect:hover { stroke: black; stroke-width: 0.5; }
#frames g { cursor: pointer; }
#frames .parent > rect, #frames .parent > text { opacity: 0.5; }
.hide { display: none; }

"""#
}
