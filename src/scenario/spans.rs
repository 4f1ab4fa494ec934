//! Where values sit in RON source: a small, tolerant scanner that maps a path such as
//! `stakeholders[3].reports_to` to the line and column of that value.
//!
//! serde keeps no positions for values, so semantic diagnostics find them here. The scanner
//! never fails: it skips what it does not understand, works without recursion (no stack
//! overflow on deep nesting) and falls back to the nearest enclosing value it found.

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    const START: Pos = Pos { line: 1, col: 1 };
}

/// Where a value starts and ends, and where its first token ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
    /// End of the first token (a struct's name or opening bracket, or the whole scalar).
    pub head_end: Pos,
}

impl Span {
    const FILE_START: Span = Span {
        start: Pos::START,
        end: Pos::START,
        head_end: Pos::START,
    };

    /// How many characters to underline: the whole value when it fits on one line,
    /// else its first token.
    pub fn caret_len(&self) -> usize {
        let end = if self.start.line == self.end.line {
            self.end
        } else {
            self.head_end
        };
        if end.line == self.start.line && end.col > self.start.col {
            end.col - self.start.col
        } else {
            1
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Hash,
    /// An identifier; its byte range is the token's range.
    Ident,
    /// A string; `inner` is the byte range of its content (escapes left as written).
    Str {
        inner: (usize, usize),
    },
    /// Any other scalar (numbers, chars, stray characters).
    Atom,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    tok: Tok,
    start: Pos,
    end: Pos,
    bytes: (usize, usize),
}

/// A streaming tokenizer over characters that tracks line and column.
struct Lexer<'a> {
    src: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    line: usize,
    col: usize,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Lexer {
            src,
            chars: src.char_indices().peekable(),
            line: 1,
            col: 1,
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn offset(&mut self) -> usize {
        self.chars.peek().map_or(self.src.len(), |&(i, _)| i)
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.chars.clone();
        it.next();
        it.next().map(|(_, c)| c)
    }

    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('/') if self.peek2() == Some('/') => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                Some('/') if self.peek2() == Some('*') => {
                    self.bump();
                    self.bump();
                    // RON block comments nest.
                    let mut depth = 1usize;
                    while depth > 0 {
                        match self.bump() {
                            None => return,
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                depth -= 1;
                            }
                            Some('/') if self.peek() == Some('*') => {
                                self.bump();
                                depth += 1;
                            }
                            Some(_) => {}
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// A quoted string after its opening quote: escapes skipped, ends after the closing quote.
    fn quoted(&mut self) -> (usize, usize) {
        let inner_start = self.offset();
        loop {
            let at = self.offset();
            match self.bump() {
                None => return (inner_start, at),
                Some('\\') => {
                    self.bump();
                }
                Some('"') => return (inner_start, at),
                Some(_) => {}
            }
        }
    }

    /// A raw string after `r`: `#`* `"` … `"` `#`*.
    fn raw(&mut self) -> (usize, usize) {
        let mut hashes = 0usize;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.peek() != Some('"') {
            let at = self.offset();
            return (at, at);
        }
        self.bump();
        let inner_start = self.offset();
        loop {
            let at = self.offset();
            match self.bump() {
                None => return (inner_start, at),
                Some('"') => {
                    let mut n = 0;
                    while n < hashes && self.peek() == Some('#') {
                        self.bump();
                        n += 1;
                    }
                    if n == hashes {
                        return (inner_start, at);
                    }
                }
                Some(_) => {}
            }
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        self.skip_trivia();
        let start = self.pos();
        let b0 = self.offset();
        let c = self.peek()?;
        let tok = match c {
            '(' | '[' | '{' => {
                self.bump();
                Tok::Open(c)
            }
            ')' | ']' | '}' => {
                self.bump();
                Tok::Close(c)
            }
            ':' => {
                self.bump();
                Tok::Colon
            }
            ',' => {
                self.bump();
                Tok::Comma
            }
            '#' => {
                self.bump();
                Tok::Hash
            }
            '"' => {
                self.bump();
                Tok::Str {
                    inner: self.quoted(),
                }
            }
            '\'' => {
                self.bump();
                loop {
                    match self.bump() {
                        None | Some('\'') | Some('\n') => break,
                        Some('\\') => {
                            self.bump();
                        }
                        Some(_) => {}
                    }
                }
                Tok::Atom
            }
            'r' if matches!(self.peek2(), Some('"') | Some('#')) => {
                self.bump();
                if self.peek() == Some('#') && self.is_raw_ident() {
                    self.bump();
                    self.ident_tail();
                    Tok::Ident
                } else {
                    Tok::Str { inner: self.raw() }
                }
            }
            'b' if matches!(self.peek2(), Some('"') | Some('\'') | Some('r')) => {
                self.bump();
                match self.peek() {
                    Some('"') => {
                        self.bump();
                        Tok::Str {
                            inner: self.quoted(),
                        }
                    }
                    Some('r') if matches!(self.peek2(), Some('"') | Some('#')) => {
                        self.bump();
                        Tok::Str { inner: self.raw() }
                    }
                    Some('\'') => {
                        self.bump();
                        loop {
                            match self.bump() {
                                None | Some('\'') | Some('\n') => break,
                                Some('\\') => {
                                    self.bump();
                                }
                                Some(_) => {}
                            }
                        }
                        Tok::Atom
                    }
                    _ => {
                        self.ident_tail();
                        Tok::Ident
                    }
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                self.ident_tail();
                Tok::Ident
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                self.bump();
                while let Some(c) = self.peek() {
                    let so_far = self.src.get(b0..self.offset()).unwrap_or("");
                    let exponent_sign = (c == '-' || c == '+')
                        && so_far.ends_with(['e', 'E'])
                        && !so_far.starts_with("0x");
                    if c.is_ascii_alphanumeric() || c == '_' || c == '.' || exponent_sign {
                        self.bump();
                    } else {
                        break;
                    }
                }
                Tok::Atom
            }
            _ => {
                self.bump();
                Tok::Atom
            }
        };
        let end = self.pos();
        let b1 = self.offset();
        Some(Token {
            tok,
            start,
            end,
            bytes: (b0, b1),
        })
    }

    /// After `r`, at `#`: is this `r#ident` (a raw identifier) rather than `r#"…"#`?
    fn is_raw_ident(&self) -> bool {
        let mut it = self.chars.clone();
        it.next();
        it.next()
            .is_some_and(|(_, c)| c.is_alphabetic() || c == '_')
    }

    fn ident_tail(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.bump();
            } else {
                break;
            }
        }
    }
}

#[derive(Debug, Clone)]
struct Node {
    span: Span,
    /// Byte range of the name before `(` (`Some`, `Comprehensive`, …), if any.
    name: Option<(usize, usize)>,
    /// Children in order, with the byte range of their key when they have one.
    children: Vec<(Option<(usize, usize)>, usize)>,
}

#[derive(Debug)]
struct Frame {
    node: usize,
    close: char,
    /// A field name seen (`name:`) and waiting for its value.
    key: Option<(usize, usize)>,
    /// In a map: the last key value seen and whether its `:` came.
    map_key: Option<(usize, usize)>,
    map_colon: bool,
}

/// The positions of every value in one RON document.
#[derive(Debug)]
pub struct SpanIndex<'a> {
    src: &'a str,
    nodes: Vec<Node>,
    root: Option<usize>,
}

/// Past this many values the index stops growing; lookups then fall back to what it has.
const MAX_NODES: usize = 2_000_000;

/// One step of a path: a field name or a list / tuple index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg<'p> {
    Field(&'p str),
    Index(usize),
}

/// Splits `a.b[2].c` into segments. A purely numeric field (`trigger.0`) is an index.
pub fn parse_path(path: &str) -> Vec<Seg<'_>> {
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (name, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            match name.parse::<usize>() {
                Ok(i) => segs.push(Seg::Index(i)),
                Err(_) => segs.push(Seg::Field(name)),
            }
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(i) = idx.trim_end_matches(']').trim().parse::<usize>() {
                segs.push(Seg::Index(i));
            }
        }
    }
    segs
}

impl<'a> SpanIndex<'a> {
    /// Scans `src` once. Never fails; unknown or broken syntax is skipped.
    pub fn new(src: &'a str) -> Self {
        let mut lx = Lexer::new(src);
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut root = None;
        let mut pending: Option<Token> = None;
        let mut last_end = Pos::START;

        while let Some(t) = pending.take().or_else(|| lx.next_token()) {
            last_end = t.end;
            if nodes.len() >= MAX_NODES {
                break;
            }
            match t.tok {
                Tok::Hash => {
                    // `#![enable(...)]`: skip up to the balanced `]`.
                    if stack.is_empty() {
                        let mut depth = 0usize;
                        while let Some(u) = lx.next_token() {
                            last_end = u.end;
                            match u.tok {
                                Tok::Open(_) => depth += 1,
                                Tok::Close(_) => {
                                    depth = depth.saturating_sub(1);
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                Tok::Ident => {
                    let next = lx.next_token();
                    match next.map(|n| n.tok) {
                        Some(Tok::Colon)
                            if stack
                                .last()
                                .is_some_and(|f| f.close == ')' && f.key.is_none()) =>
                        {
                            if let Some(f) = stack.last_mut() {
                                f.key = Some(t.bytes);
                            }
                        }
                        Some(Tok::Open('(')) => {
                            nodes.push(Node {
                                span: Span {
                                    start: t.start,
                                    end: t.end,
                                    head_end: t.end,
                                },
                                name: Some(t.bytes),
                                children: Vec::new(),
                            });
                            stack.push(Frame {
                                node: nodes.len() - 1,
                                close: ')',
                                key: None,
                                map_key: None,
                                map_colon: false,
                            });
                        }
                        _ => {
                            pending = next;
                            let id = push_leaf(&mut nodes, &t);
                            attach(&mut nodes, &mut stack, &mut root, id, t.bytes);
                        }
                    }
                }
                Tok::Str { inner } => {
                    let id = push_leaf(&mut nodes, &t);
                    attach(&mut nodes, &mut stack, &mut root, id, inner);
                }
                Tok::Atom => {
                    let id = push_leaf(&mut nodes, &t);
                    attach(&mut nodes, &mut stack, &mut root, id, t.bytes);
                }
                Tok::Open(c) => {
                    nodes.push(Node {
                        span: Span {
                            start: t.start,
                            end: t.end,
                            head_end: t.end,
                        },
                        name: None,
                        children: Vec::new(),
                    });
                    let close = match c {
                        '(' => ')',
                        '[' => ']',
                        _ => '}',
                    };
                    stack.push(Frame {
                        node: nodes.len() - 1,
                        close,
                        key: None,
                        map_key: None,
                        map_colon: false,
                    });
                }
                Tok::Close(c) => {
                    if let Some(depth) = stack.iter().rposition(|f| f.close == c) {
                        while stack.len() > depth {
                            let Some(f) = stack.pop() else { break };
                            let end = if stack.len() == depth { t.end } else { t.start };
                            nodes[f.node].span.end = end;
                            let key = nodes[f.node].name.unwrap_or((0, 0));
                            attach(&mut nodes, &mut stack, &mut root, f.node, key);
                        }
                    }
                }
                Tok::Colon => {
                    if let Some(f) = stack.last_mut()
                        && f.close == '}'
                        && f.map_key.is_some()
                    {
                        f.map_colon = true;
                    }
                }
                Tok::Comma => {
                    if let Some(f) = stack.last_mut() {
                        f.key = None;
                        f.map_key = None;
                        f.map_colon = false;
                    }
                }
            }
        }
        while let Some(f) = stack.pop() {
            nodes[f.node].span.end = last_end;
            let key = nodes[f.node].name.unwrap_or((0, 0));
            attach(&mut nodes, &mut stack, &mut root, f.node, key);
        }
        SpanIndex { src, nodes, root }
    }

    /// The span of the value at `path`; the nearest enclosing value found if the path does
    /// not exist in the source (e.g. a defaulted field); the start of the file at worst.
    pub fn locate(&self, path: &str) -> Span {
        let Some(mut cur) = self.root else {
            return Span::FILE_START;
        };
        for seg in parse_path(path) {
            cur = self.unwrap_some(cur);
            let node = &self.nodes[cur];
            let found = match seg {
                Seg::Field(name) => node
                    .children
                    .iter()
                    .find(|(k, _)| k.is_some_and(|(a, b)| self.text(a, b) == name))
                    .map(|&(_, c)| c),
                Seg::Index(i) => node.children.get(i).map(|&(_, c)| c),
            };
            match found {
                Some(c) => cur = c,
                None => return node.span,
            }
        }
        self.nodes[self.unwrap_some(cur)].span
    }

    /// Whether the source holds no value at all (only blanks and comments).
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// Whether `path` exists in the source as written.
    pub fn exists(&self, path: &str) -> bool {
        let Some(mut cur) = self.root else {
            return false;
        };
        for seg in parse_path(path) {
            cur = self.unwrap_some(cur);
            let node = &self.nodes[cur];
            let found = match seg {
                Seg::Field(name) => node
                    .children
                    .iter()
                    .find(|(k, _)| k.is_some_and(|(a, b)| self.text(a, b) == name))
                    .map(|&(_, c)| c),
                Seg::Index(i) => node.children.get(i).map(|&(_, c)| c),
            };
            match found {
                Some(c) => cur = c,
                None => return false,
            }
        }
        true
    }

    fn text(&self, a: usize, b: usize) -> &str {
        self.src.get(a..b).unwrap_or("")
    }

    /// `Some(x)` stands for `x` (implicit-some files write `x` directly).
    fn unwrap_some(&self, id: usize) -> usize {
        let n = &self.nodes[id];
        match n.name {
            Some((a, b)) if self.text(a, b) == "Some" && n.children.len() == 1 => n.children[0].1,
            _ => id,
        }
    }
}

fn push_leaf(nodes: &mut Vec<Node>, t: &Token) -> usize {
    nodes.push(Node {
        span: Span {
            start: t.start,
            end: t.end,
            head_end: t.end,
        },
        name: None,
        children: Vec::new(),
    });
    nodes.len() - 1
}

/// Adds a finished value to the open container (or makes it the root).
fn attach(
    nodes: &mut [Node],
    stack: &mut [Frame],
    root: &mut Option<usize>,
    id: usize,
    text: (usize, usize),
) {
    let Some(f) = stack.last_mut() else {
        if root.is_none() {
            *root = Some(id);
        }
        return;
    };
    if f.close == '}' {
        if f.map_colon {
            let key = f.map_key.take();
            f.map_colon = false;
            nodes[f.node].children.push((key, id));
        } else {
            f.map_key = Some(text);
        }
    } else {
        let key = f.key.take();
        nodes[f.node].children.push((key, id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str, path: &str) -> (usize, usize, usize) {
        let s = SpanIndex::new(src).locate(path);
        (s.start.line, s.start.col, s.caret_len())
    }

    const SRC: &str = r##"#![enable(implicit_some)]
// a comment with ( and [
Scenario(
    id: "x", /* block /* nested */ ) */
    title: (zh: "标题", en: "A \"quoted\" (title)"),
    stakeholders: [
        (id: "wang", reports_to: None),
        (id: "li", reports_to: Some("wang"), name: r#"raw ) "# ),
        (id: "zhao", reports_to: "wang", knows: [Budget, Needs]),
    ],
    project: (
        evaluation: Comprehensive(technical: 40, price: 50, business: 10),
        committee: ["wang", "li"],
        map: {"a": 1, "b": [2, 3]},
    ),
    events: [(id: "e", trigger: Week(3), effects: [Reshuffle(leaves: "a", arrives: "b")])],
)
"##;

    #[test]
    fn finds_values_by_path() {
        assert_eq!(at(SRC, "id"), (4, 9, 3));
        assert_eq!(at(SRC, "title.en"), (5, 27, 22));
        assert_eq!(at(SRC, "stakeholders[1].reports_to"), (8, 37, 6));
        assert_eq!(at(SRC, "stakeholders[2].reports_to"), (9, 34, 6));
        assert_eq!(at(SRC, "stakeholders[2].knows[1]"), (9, 58, 5));
        assert_eq!(at(SRC, "stakeholders[1].name"), (8, 52, 11));
        assert_eq!(at(SRC, "project.evaluation.price"), (12, 57, 2));
        assert_eq!(at(SRC, "project.committee[1]"), (13, 29, 4));
        assert_eq!(at(SRC, "project.map.b[1]"), (14, 32, 1));
        assert_eq!(at(SRC, "events[0].trigger.0"), (16, 38, 1));
        assert_eq!(at(SRC, "events[0].effects[0].arrives"), (16, 84, 3));
    }

    #[test]
    fn falls_back_to_enclosing_value() {
        // Missing field: the enclosing stakeholder.
        assert_eq!(at(SRC, "stakeholders[0].ties[0].to"), (7, 9, 30));
        // Missing index: the list.
        assert_eq!(at(SRC, "stakeholders[9]").0, 6);
        assert_eq!(at("", "a.b"), (1, 1, 1));
        assert_eq!(at("(((((", "a.b").0, 1);
    }

    #[test]
    fn multi_line_value_underlines_head() {
        assert_eq!(at(SRC, "project"), (11, 14, 1));
        assert_eq!(at(SRC, "project.evaluation"), (12, 21, 53));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = "[".repeat(200_000) + &"]".repeat(200_000);
        let _ = SpanIndex::new(&deep).locate("a[0][0][0]");
        let open = "(a: ".repeat(100_000);
        let _ = SpanIndex::new(&open).locate("a.a.a");
    }

    #[test]
    fn hostile_fragments_do_not_panic() {
        for src in [
            "\"", "r#\"", "b'", "/*", "'\\", "r#", "#![", "}])", "1e-", "b", "é:(", "{:}",
        ] {
            let idx = SpanIndex::new(src);
            let _ = idx.locate("a[0].b");
            let _ = idx.exists("x");
        }
    }

    #[test]
    fn path_parsing() {
        assert_eq!(
            parse_path("events[0].effects[2].who"),
            vec![
                Seg::Field("events"),
                Seg::Index(0),
                Seg::Field("effects"),
                Seg::Index(2),
                Seg::Field("who")
            ]
        );
        assert_eq!(
            parse_path("trigger.0"),
            vec![Seg::Field("trigger"), Seg::Index(0)]
        );
    }
}
