//! `kind = "metric"`: a formula over a document's counts (words, sentences, syllables …) and a
//! condition on its value — readability grades, average sentence length, a cap on headings.
//!
//! ```toml
//! [[rule]]
//! id = "reading-level"
//! kind = "metric"
//! formula = "0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59"
//! condition = "> 8"
//! message = "The grade level is {value}; aim for 8 or lower."
//! ```
//!
//! - `formula`: numbers, the variables below, `+ - * /`, parentheses, unary minus, and the
//!   functions `round(x)` / `round(x, digits)`, `abs`, `sqrt`, `floor`, `ceil`, `min(a, b)`,
//!   `max(a, b)`.
//! - `condition`: a comparison (`>`, `>=`, `<`, `<=`, `==`, `!=`) and a number; the rule reports
//!   when the formula's value meets it. A value that is not a finite number (a division by zero:
//!   a text without sentences) reports nothing.
//! - `per`: `"document"` (default: the prose of every segment in scope together; the finding is
//!   on the document's first line) or `"paragraph"` (each segment in scope on its own; the
//!   finding covers the segment). `"sentence"` is not accepted.
//! - Variables, counted over the prose in scope: `words`, `sentences`, `syllables` (English
//!   vowel groups, a silent final `e` dropped, at least one per word), `characters` (letters and
//!   digits), `complex_words` (also `polysyllabic_words`: three or more syllables),
//!   `long_words` (more than six letters), `paragraphs` (segments), `headings`, `list_items`,
//!   `table_cells`, `blockquotes`. The classic scores are variables too: `flesch_kincaid`,
//!   `flesch_reading_ease`, `gunning_fog`, `smog`, `coleman_liau`, `automated_readability`,
//!   `lix`. Heading levels are not distinguished: `heading_h1` … `heading_h6` are errors that
//!   say so.
//!
//! Placeholders: `{value}` (the formula's value, two decimals), `{limit}` is not used.
//!
//! No fix: a score is changed by rewriting, not by a replacement.

use std::ops::Range;

use super::{CompileCx, Emitter, Located, SegmentCx, Vars};
use crate::document::SegmentKind;
use crate::prose;
use crate::spec::Per;

/// The fields of a metric rule besides the common ones ([`crate::spec::RuleSpec`]).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Fields {
    /// An expression over the document's counts: `words / sentences`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// When the formula's value is reported: `> 25`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Where to compute it: `"document"` (default) or `"paragraph"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per: Option<Per>,
}
/// Rules of this kind offer no fix, so they do not take `fix`.
pub(crate) const OFFERS_FIXES: bool = false;

pub(crate) const PLACEHOLDERS: &[&str] = &["value"];
const DEFAULT_MESSAGE: &str = "This text scores {value}, beyond the guideline's limit.";

#[derive(Debug)]
pub(crate) struct Metric {
    formula: Expr,
    comparison: Comparison,
    threshold: f64,
    per_paragraph: bool,
}

/// Document-wide counting, for `per = "document"`.
#[derive(Default)]
pub(crate) struct State {
    counts: Counts,
    /// Whether any segment was in scope.
    seen: bool,
}

pub(crate) fn compile(cx: &mut CompileCx<'_>, fields: &Fields) -> Option<Metric> {
    let formula = cx.require(
        "formula",
        fields.formula.as_ref(),
        "an expression like `formula = \"words / sentences\"`",
    )?;
    let condition = cx.require(
        "condition",
        fields.condition.as_ref(),
        "a comparison like `condition = \"> 25\"`",
    )?;
    let formula = match parse(formula) {
        Ok(expr) => expr,
        Err(error) => {
            cx.error(Located::Key("formula"), format!("in `formula`: {error}"));
            return None;
        }
    };
    let (comparison, threshold) = match parse_condition(condition) {
        Ok(parsed) => parsed,
        Err(error) => {
            cx.error(
                Located::Key("condition"),
                format!("in `condition`: {error}"),
            );
            return None;
        }
    };
    let per_paragraph = match fields.per {
        None | Some(Per::Document) => false,
        Some(Per::Paragraph) => true,
        Some(Per::Sentence) => {
            cx.error(
                Located::Key("per"),
                "a metric rule counts per \"document\" or per \"paragraph\"",
            );
            return None;
        }
    };
    Some(Metric {
        formula,
        comparison,
        threshold,
        per_paragraph,
    })
}

impl Metric {
    pub(crate) fn segment(&self, cx: &SegmentCx<'_>, state: &mut State, emit: &mut Emitter<'_>) {
        let mut counts = Counts::default();
        counts.add_segment(cx.segment.kind, cx.text(), cx.sentences().len());
        if self.per_paragraph {
            let whole = 0..cx.text().len();
            if let Some(value) = self.judge(&counts) {
                let vars = Vars {
                    value: Some(value),
                    ..Vars::default()
                };
                emit.emit(cx.segment, whole, DEFAULT_MESSAGE, &vars, None);
            }
        } else {
            state.counts.merge(&counts);
            state.seen = true;
        }
    }

    pub(crate) fn finish(&self, state: State, emit: &mut Emitter<'_>) {
        if self.per_paragraph || !state.seen {
            return;
        }
        if let Some(value) = self.judge(&state.counts) {
            let vars = Vars {
                value: Some(value),
                ..Vars::default()
            };
            emit.emit_source(first_line(&emit.document().text), DEFAULT_MESSAGE, &vars);
        }
    }

    /// The value when it meets the condition.
    fn judge(&self, counts: &Counts) -> Option<f64> {
        let value = self.formula.eval(counts);
        (value.is_finite() && self.comparison.holds(value, self.threshold)).then_some(value)
    }
}

/// The document's first line (at least one character), where a document-wide finding goes.
fn first_line(text: &str) -> Range<usize> {
    let end = text.find('\n').unwrap_or(text.len());
    let end = if end == 0 {
        text.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    0..end
}

/// What a formula can refer to.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Counts {
    words: f64,
    sentences: f64,
    syllables: f64,
    characters: f64,
    complex_words: f64,
    long_words: f64,
    paragraphs: f64,
    headings: f64,
    list_items: f64,
    table_cells: f64,
    blockquotes: f64,
}

impl Counts {
    fn add_segment(&mut self, kind: SegmentKind, text: &str, sentences: usize) {
        self.sentences += sentences as f64;
        self.paragraphs += 1.0;
        match kind {
            SegmentKind::Heading => self.headings += 1.0,
            SegmentKind::ListItem => self.list_items += 1.0,
            SegmentKind::TableCell => self.table_cells += 1.0,
            SegmentKind::BlockQuote => self.blockquotes += 1.0,
            _ => {}
        }
        for word in prose::word_tokens(text) {
            let letters = word.text.chars().filter(|c| c.is_alphanumeric()).count();
            let syllables = syllables(word.text);
            self.words += 1.0;
            self.characters += letters as f64;
            self.syllables += syllables as f64;
            if syllables >= 3 {
                self.complex_words += 1.0;
            }
            if letters > 6 {
                self.long_words += 1.0;
            }
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
        self.characters += other.characters;
        self.complex_words += other.complex_words;
        self.long_words += other.long_words;
        self.paragraphs += other.paragraphs;
        self.headings += other.headings;
        self.list_items += other.list_items;
        self.table_cells += other.table_cells;
        self.blockquotes += other.blockquotes;
    }

    fn get(&self, var: Var) -> f64 {
        let words_per_sentence = self.words / self.sentences;
        let syllables_per_word = self.syllables / self.words;
        match var {
            Var::Words => self.words,
            Var::Sentences => self.sentences,
            Var::Syllables => self.syllables,
            Var::Characters => self.characters,
            Var::ComplexWords => self.complex_words,
            Var::LongWords => self.long_words,
            Var::Paragraphs => self.paragraphs,
            Var::Headings => self.headings,
            Var::ListItems => self.list_items,
            Var::TableCells => self.table_cells,
            Var::Blockquotes => self.blockquotes,
            Var::FleschKincaid => 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
            Var::FleschReadingEase => {
                206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
            }
            Var::GunningFog => 0.4 * (words_per_sentence + 100.0 * self.complex_words / self.words),
            Var::Smog => 1.043 * (self.complex_words * 30.0 / self.sentences).sqrt() + 3.1291,
            Var::ColemanLiau => {
                0.0588 * (self.characters / self.words * 100.0)
                    - 0.296 * (self.sentences / self.words * 100.0)
                    - 15.8
            }
            Var::AutomatedReadability => {
                4.71 * (self.characters / self.words) + 0.5 * words_per_sentence - 21.43
            }
            Var::Lix => words_per_sentence + 100.0 * self.long_words / self.words,
        }
    }
}

/// English syllables, estimated: groups of vowels (`y` counts after the first letter), minus a
/// silent final `e` (but not `-le` after a consonant), at least one per word with a letter.
pub(crate) fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if lower.is_empty() {
        return 0;
    }
    let is_vowel = |i: usize| {
        matches!(
            lower[i],
            'a' | 'e' | 'i' | 'o' | 'u' | 'é' | 'è' | 'ä' | 'ö' | 'ü'
        ) || (lower[i] == 'y' && i > 0)
    };
    let mut count: usize = 0;
    let mut previous = false;
    for i in 0..lower.len() {
        let vowel = is_vowel(i);
        if vowel && !previous {
            count += 1;
        }
        previous = vowel;
    }
    let n = lower.len();
    // `n > 2` and `n > 3` keep the indexes in range and spare words of one syllable anyway:
    // "be" and "ble" count 1 whether or not the e is dropped (so `>=` would change nothing).
    if n > 2 && lower[n - 1] == 'e' && !is_vowel(n - 2) {
        let consonant_le = lower[n - 2] == 'l' && n > 3 && !is_vowel(n - 3);
        if !consonant_le {
            count = count.saturating_sub(1);
        }
    }
    count.max(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Var {
    Words,
    Sentences,
    Syllables,
    Characters,
    ComplexWords,
    LongWords,
    Paragraphs,
    Headings,
    ListItems,
    TableCells,
    Blockquotes,
    FleschKincaid,
    FleschReadingEase,
    GunningFog,
    Smog,
    ColemanLiau,
    AutomatedReadability,
    Lix,
}

fn variable(name: &str) -> Result<Var, String> {
    Ok(match name {
        "words" => Var::Words,
        "sentences" => Var::Sentences,
        "syllables" => Var::Syllables,
        "characters" => Var::Characters,
        "complex_words" | "polysyllabic_words" => Var::ComplexWords,
        "long_words" => Var::LongWords,
        "paragraphs" => Var::Paragraphs,
        "headings" => Var::Headings,
        "list_items" | "list" => Var::ListItems,
        "table_cells" => Var::TableCells,
        "blockquotes" | "blockquote" => Var::Blockquotes,
        "flesch_kincaid" => Var::FleschKincaid,
        "flesch_reading_ease" => Var::FleschReadingEase,
        "gunning_fog" => Var::GunningFog,
        "smog" => Var::Smog,
        "coleman_liau" => Var::ColemanLiau,
        "automated_readability" => Var::AutomatedReadability,
        "lix" => Var::Lix,
        other if other.starts_with("heading_h") => {
            return Err(format!(
                "`{other}`: heading levels are not distinguished; `headings` counts them all"
            ));
        }
        other => return Err(format!("unknown variable `{other}`")),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    Round,
    Abs,
    Sqrt,
    Floor,
    Ceil,
    Min,
    Max,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// A parsed formula.
#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Number(f64),
    Var(Var),
    Neg(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

impl Expr {
    fn eval(&self, counts: &Counts) -> f64 {
        match self {
            Expr::Number(n) => *n,
            Expr::Var(var) => counts.get(*var),
            Expr::Neg(inner) => -inner.eval(counts),
            Expr::Binary(op, left, right) => {
                let (l, r) = (left.eval(counts), right.eval(counts));
                match op {
                    Op::Add => l + r,
                    Op::Sub => l - r,
                    Op::Mul => l * r,
                    Op::Div => l / r,
                }
            }
            Expr::Call(func, args) => {
                let values: Vec<f64> = args.iter().map(|a| a.eval(counts)).collect();
                let first = values.first().copied().unwrap_or(f64::NAN);
                let second = values.get(1).copied();
                match func {
                    Func::Round => {
                        let scale = 10f64.powi(second.unwrap_or(0.0).clamp(0.0, 10.0) as i32);
                        (first * scale).round() / scale
                    }
                    Func::Abs => first.abs(),
                    Func::Sqrt => first.sqrt(),
                    Func::Floor => first.floor(),
                    Func::Ceil => first.ceil(),
                    Func::Min => first.min(second.unwrap_or(f64::NAN)),
                    Func::Max => first.max(second.unwrap_or(f64::NAN)),
                }
            }
        }
    }
}

/// A formula that cannot be read: what is wrong, at which (1-based) character.
#[derive(Debug, PartialEq)]
pub(crate) struct ParseError {
    column: usize,
    message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at character {})", self.message, self.column)
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Symbol(char),
}

fn tokenize(source: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let number = text.parse::<f64>().map_err(|_| ParseError {
                column: start + 1,
                message: format!("`{text}` is not a number"),
            })?;
            out.push((start, Token::Number(number)));
        } else if c.is_ascii_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((start, Token::Name(chars[start..i].iter().collect())));
        } else if "+-*/(),".contains(c) {
            out.push((start, Token::Symbol(c)));
            i += 1;
        } else {
            return Err(ParseError {
                column: start + 1,
                message: format!("unexpected `{c}`"),
            });
        }
    }
    Ok(out)
}

/// Recursive descent: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
/// unary := '-' unary | atom; atom := number | name | name '(' args ')' | '(' sum ')'.
struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
    end: usize,
    /// Parentheses, calls and signs open around the token at `at`.
    depth: usize,
}

/// How deep parentheses, calls and signs may nest: far beyond any readable formula, and far
/// below what would overflow the stack of the recursive parser (or of evaluating and dropping
/// the tree it builds). A formula nested 30,000 deep once crashed `onbrand lsp` at start-up.
const MAX_NESTING: usize = 100;

/// How many operators, numbers and names a formula may have. A chain `a + a + … + a` nests
/// no parenthesis, yet builds a tree as deep as it is long, which evaluating and dropping walk
/// recursively: 200,000 terms overflowed the stack. Readable formulas have a few dozen.
const MAX_TOKENS: usize = 1_000;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn column(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |(c, _)| *c) + 1
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            column: self.column(),
            message: message.into(),
        })
    }

    /// Parse one nested level with `inner` (its opening token just eaten), refusing to go
    /// deeper than [`MAX_NESTING`]: the error points at the opening token one level too deep.
    fn nested<T>(
        &mut self,
        inner: impl FnOnce(&mut Self) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        if self.depth >= MAX_NESTING {
            let opening = self.at.saturating_sub(1);
            return Err(ParseError {
                column: self.tokens.get(opening).map_or(self.end, |(c, _)| *c) + 1,
                message: format!("the formula nests deeper than {MAX_NESTING} levels"),
            });
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    /// Refuse to read past [`MAX_TOKENS`], before the tree grows any deeper. Called with the
    /// tokens read so far, so a formula of exactly that many is still within it.
    fn within_length(&self) -> Result<(), ParseError> {
        if self.at <= MAX_TOKENS {
            return Ok(());
        }
        self.error(format!(
            "the formula is longer than {MAX_TOKENS} numbers, names and signs"
        ))
    }

    fn eat(&mut self, symbol: char) -> bool {
        if self.peek() == Some(&Token::Symbol(symbol)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn sum(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.product()?;
        loop {
            self.within_length()?;
            let op = if self.eat('+') {
                Op::Add
            } else if self.eat('-') {
                Op::Sub
            } else {
                return Ok(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.product()?));
        }
    }

    fn product(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        loop {
            self.within_length()?;
            let op = if self.eat('*') {
                Op::Mul
            } else if self.eat('/') {
                Op::Div
            } else {
                return Ok(left);
            };
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        if self.eat('-') {
            return Ok(Expr::Neg(Box::new(self.nested(Self::unary)?)));
        }
        if self.eat('+') {
            return self.nested(Self::unary);
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ParseError> {
        match self.peek().cloned() {
            Some(Token::Number(n)) => {
                self.at += 1;
                Ok(Expr::Number(n))
            }
            Some(Token::Name(name)) => {
                let column = self.column();
                self.at += 1;
                if self.eat('(') {
                    let func = match name.as_str() {
                        "round" => Func::Round,
                        "abs" => Func::Abs,
                        "sqrt" => Func::Sqrt,
                        "floor" => Func::Floor,
                        "ceil" => Func::Ceil,
                        "min" => Func::Min,
                        "max" => Func::Max,
                        other => {
                            return Err(ParseError {
                                column,
                                message: format!("unknown function `{other}`"),
                            });
                        }
                    };
                    let mut args = vec![self.nested(Self::sum)?];
                    while self.eat(',') {
                        args.push(self.nested(Self::sum)?);
                    }
                    if !self.eat(')') {
                        return self.error("expected `)` or `,`");
                    }
                    let arity = match func {
                        Func::Round => 1..=2,
                        Func::Min | Func::Max => 2..=2,
                        _ => 1..=1,
                    };
                    if !arity.contains(&args.len()) {
                        return Err(ParseError {
                            column,
                            message: format!("`{name}` takes {arity:?} arguments"),
                        });
                    }
                    Ok(Expr::Call(func, args))
                } else {
                    variable(&name)
                        .map(Expr::Var)
                        .map_err(|message| ParseError { column, message })
                }
            }
            Some(Token::Symbol('(')) => {
                self.at += 1;
                let inner = self.nested(Self::sum)?;
                if !self.eat(')') {
                    return self.error("expected `)`");
                }
                Ok(inner)
            }
            Some(Token::Symbol(c)) => self.error(format!("unexpected `{c}`")),
            None => self.error("the formula ends too early"),
        }
    }
}

fn parse(source: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        end: source.chars().count(),
        depth: 0,
    };
    let expr = parser.sum()?;
    if parser.at < parser.tokens.len() {
        return parser.error("unexpected text after the formula");
    }
    Ok(expr)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Comparison {
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
}

impl Comparison {
    fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::Greater => value > threshold,
            Comparison::GreaterOrEqual => value >= threshold,
            Comparison::Less => value < threshold,
            Comparison::LessOrEqual => value <= threshold,
            Comparison::Equal => value == threshold,
            Comparison::NotEqual => value != threshold,
        }
    }
}

fn parse_condition(source: &str) -> Result<(Comparison, f64), String> {
    let trimmed = source.trim();
    let (comparison, rest) = [
        (">=", Comparison::GreaterOrEqual),
        ("<=", Comparison::LessOrEqual),
        ("==", Comparison::Equal),
        ("!=", Comparison::NotEqual),
        (">", Comparison::Greater),
        ("<", Comparison::Less),
    ]
    .iter()
    .find_map(|(op, c)| trimmed.strip_prefix(op).map(|rest| (*c, rest)))
    .ok_or_else(|| format!("`{trimmed}` must start with >, >=, <, <=, == or !="))?;
    let number = rest.trim();
    // `f64::from_str` also reads `nan` and `inf`: a threshold nothing compares with sensibly.
    let threshold = number
        .parse::<f64>()
        .ok()
        .filter(|threshold| threshold.is_finite())
        .ok_or_else(|| format!("`{number}` is not a number"))?;
    Ok((comparison, threshold))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(words: f64, sentences: f64, syllables: f64) -> Counts {
        Counts {
            words,
            sentences,
            syllables,
            ..Counts::default()
        }
    }

    #[test]
    fn formulas_follow_precedence_and_functions() {
        let c = counts(20.0, 2.0, 30.0);
        let eval = |s: &str| parse(s).unwrap().eval(&c);
        assert_eq!(eval("words / sentences"), 10.0);
        assert_eq!(eval("1 + 2 * 3"), 7.0);
        assert_eq!(eval("(1 + 2) * 3"), 9.0);
        assert_eq!(eval("-words + 5"), -15.0);
        assert_eq!(eval("10 - 4 - 3"), 3.0);
        assert_eq!(eval("round(2 / 3, 2)"), 0.67);
        assert_eq!(eval("round(2.5)"), 3.0);
        assert_eq!(eval("max(words, 100) + min(1, sentences)"), 101.0);
        assert_eq!(eval("sqrt(16) + abs(-1) + floor(1.5) + ceil(1.5)"), 8.0);
        // GitLab's reading level, by hand: 0.39 * 10 + 11.8 * 1.5 - 15.59 = 6.01.
        let grade = eval("(0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59");
        assert!((grade - 6.01).abs() < 1e-9, "{grade}");
        assert!((eval("flesch_kincaid") - grade).abs() < 1e-9);
    }

    #[test]
    fn bad_formulas_say_where() {
        let error = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(
            error("words +"),
            "the formula ends too early (at character 8)"
        );
        assert_eq!(error("words $ 2"), "unexpected `$` (at character 7)");
        assert_eq!(
            error("wordz / 2"),
            "unknown variable `wordz` (at character 1)"
        );
        assert_eq!(error("round(1"), "expected `)` or `,` (at character 8)");
        assert_eq!(error("log(2)"), "unknown function `log` (at character 1)");
        assert_eq!(error("(1 + 2"), "expected `)` (at character 7)");
        assert_eq!(
            error("words / 1.2.3"),
            "`1.2.3` is not a number (at character 9)"
        );
        assert_eq!(
            error("1 2"),
            "unexpected text after the formula (at character 3)"
        );
        assert!(error("heading_h1 + 1").contains("heading levels are not distinguished"));
        assert!(error("min(1)").contains("takes"));
    }

    #[test]
    fn deep_nesting_is_an_error_at_its_place_not_a_stack_overflow() {
        let error = |s: &str| parse(s).unwrap_err().to_string();
        let parens = format!("{}words{}", "(".repeat(30_000), ")".repeat(30_000));
        assert_eq!(
            error(&parens),
            "the formula nests deeper than 100 levels (at character 101)"
        );
        let calls = format!("{}1{}", "abs(".repeat(5_000), ")".repeat(5_000));
        assert_eq!(
            error(&calls),
            "the formula nests deeper than 100 levels (at character 404)"
        );
        assert!(error(&"-".repeat(50_000)).contains("nests deeper than 100 levels"));
        // Readable nesting still parses, and closing a level gives it back: many groups one
        // after another are no deeper than one.
        let fine = format!("{}words{}", "(".repeat(99), ")".repeat(99));
        assert!(parse(&fine).is_ok());
        let groups = vec!["(abs(-words))"; 60].join(" + ");
        let value = parse(&groups).map(|formula| formula.eval(&counts(10.0, 1.0, 10.0)));
        assert_eq!(value, Ok(600.0));
        // A long chain nests no parenthesis but builds a tree as deep as it is long.
        let chain = vec!["words"; 100_000].join(" + ");
        assert_eq!(
            error(&chain),
            "the formula is longer than 1000 numbers, names and signs (at character 4007)"
        );
        let longest = vec!["words"; 500].join(" + ");
        let value = parse(&longest).map(|formula| formula.eval(&counts(10.0, 1.0, 10.0)));
        assert_eq!(value, Ok(5000.0));
        // At the limit: 1,000 tokens (a sign and 999) parse, 1,001 do not.
        let value = parse(&format!("-{longest}")).map(|f| f.eval(&counts(10.0, 1.0, 10.0)));
        assert_eq!(value, Ok(4980.0));
        assert_eq!(
            error(&format!("{longest} + words")),
            "the formula is longer than 1000 numbers, names and signs (at character 4006)"
        );
    }

    #[test]
    fn conditions_and_division_by_zero() {
        assert_eq!(
            parse_condition(" >= 8"),
            Ok((Comparison::GreaterOrEqual, 8.0))
        );
        assert_eq!(parse_condition("< -1.5"), Ok((Comparison::Less, -1.5)));
        assert!(parse_condition("8").is_err());
        assert!(parse_condition("> eight").is_err());
        for not_finite in ["> nan", "< inf", ">= -infinity", "!= NaN"] {
            assert!(parse_condition(not_finite).is_err(), "{not_finite}");
        }
        let metric = Metric {
            formula: parse("words / sentences").unwrap(),
            comparison: Comparison::Greater,
            threshold: 1.0,
            per_paragraph: false,
        };
        assert_eq!(metric.judge(&counts(5.0, 0.0, 5.0)), None);
        assert_eq!(metric.judge(&counts(5.0, 1.0, 5.0)), Some(5.0));
        assert_eq!(metric.judge(&counts(1.0, 1.0, 5.0)), None);
    }

    #[test]
    fn syllables_by_hand() {
        let cases = [
            ("cat", 1),
            ("table", 2),
            ("make", 1),
            ("reorganization", 5),
            ("beautiful", 3),
            ("the", 1),
            ("rhythm", 1),
            ("yes", 1),
            ("organization's", 5),
            ("42", 0),
            ("happy", 2),   // y after the first letter is a vowel
            ("yttrium", 1), // a leading y is not ("iu" is one group)
            ("canoe", 2),   // a final e after a vowel is not silent
            ("paste", 1),   // after two consonants it is, unless they end in l
            ("be", 1),
        ];
        for (word, expected) in cases {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn counts_of_a_segment() {
        let mut c = Counts::default();
        c.add_segment(
            SegmentKind::Paragraph,
            "Notwithstanding the considerations, it works.",
            1,
        );
        assert_eq!(c.words, 5.0);
        assert_eq!(c.sentences, 1.0);
        assert_eq!(c.long_words, 2.0);
        assert_eq!(c.complex_words, 2.0);
        assert_eq!(c.paragraphs, 1.0);
        assert_eq!(c.characters, 39.0);
    }

    /// Each counted word at the thresholds: "beautiful" has exactly 3 syllables (complex),
    /// "tables" and "better" exactly 6 letters (not long), "between" 7 (long); "42" is a word
    /// of 2 characters without a syllable. Each segment kind is counted as a paragraph and as
    /// its own kind.
    #[test]
    fn counts_at_the_word_thresholds_and_per_kind() {
        let mut c = Counts::default();
        c.add_segment(
            SegmentKind::Paragraph,
            "Beautiful tables better between 42.",
            1,
        );
        let words = Counts {
            words: 5.0,
            sentences: 1.0,
            syllables: 9.0,
            characters: 30.0,
            complex_words: 1.0,
            long_words: 2.0,
            paragraphs: 1.0,
            ..Counts::default()
        };
        assert_eq!(c, words);
        for kind in [
            SegmentKind::Heading,
            SegmentKind::ListItem,
            SegmentKind::TableCell,
            SegmentKind::BlockQuote,
            SegmentKind::Heading,
            SegmentKind::Subject,
        ] {
            c.add_segment(kind, "", 0);
        }
        let kinds = Counts {
            paragraphs: 7.0,
            headings: 2.0,
            list_items: 1.0,
            table_cells: 1.0,
            blockquotes: 1.0,
            ..words
        };
        assert_eq!(c, kinds);
    }

    /// A count of every kind, each different.
    fn distinct_counts() -> Counts {
        Counts {
            words: 20.0,
            sentences: 2.0,
            syllables: 30.0,
            characters: 100.0,
            complex_words: 4.0,
            long_words: 5.0,
            paragraphs: 3.0,
            headings: 6.0,
            list_items: 7.0,
            table_cells: 8.0,
            blockquotes: 9.0,
        }
    }

    #[test]
    fn merging_adds_every_count() {
        let one = distinct_counts();
        let mut merged = Counts::default();
        merged.merge(&one);
        merged.merge(&one);
        let doubled = Counts {
            words: 40.0,
            sentences: 4.0,
            syllables: 60.0,
            characters: 200.0,
            complex_words: 8.0,
            long_words: 10.0,
            paragraphs: 6.0,
            headings: 12.0,
            list_items: 14.0,
            table_cells: 16.0,
            blockquotes: 18.0,
        };
        assert_eq!(merged, doubled);
    }

    /// Every variable and alias reads its own count, and each score its formula, by hand for
    /// 20 words in 2 sentences, 30 syllables, 100 letters, 4 complex and 5 long words.
    #[test]
    fn every_variable_and_score_by_hand() {
        let c = distinct_counts();
        let cases = [
            ("words", 20.0),
            ("sentences", 2.0),
            ("syllables", 30.0),
            ("characters", 100.0),
            ("complex_words", 4.0),
            ("polysyllabic_words", 4.0),
            ("long_words", 5.0),
            ("paragraphs", 3.0),
            ("headings", 6.0),
            ("list_items", 7.0),
            ("list", 7.0),
            ("table_cells", 8.0),
            ("blockquotes", 9.0),
            ("blockquote", 9.0),
            ("flesch_kincaid", 6.01),         // 0.39 * 10 + 11.8 * 1.5 - 15.59
            ("flesch_reading_ease", 69.785),  // 206.835 - 1.015 * 10 - 84.6 * 1.5
            ("gunning_fog", 12.0),            // 0.4 * (10 + 100 * 4 / 20)
            ("smog", 11.208_143_260_19), // 1.043 * sqrt(4 * 30 / 2) + 3.1291
            ("coleman_liau", 10.64),          // 0.0588 * 500 - 0.296 * 10 - 15.8
            ("automated_readability", 7.12),  // 4.71 * 5 + 0.5 * 10 - 21.43
            ("lix", 35.0),                    // 10 + 100 * 5 / 20
        ];
        for (name, expected) in cases {
            let value = parse(name).map(|formula| formula.eval(&c));
            assert!(
                value.as_ref().is_ok_and(|v| (v - expected).abs() < 1e-9),
                "{name}: {value:?}"
            );
        }
    }

    /// A document-wide finding goes on the first line, at least one character: the line break
    /// of a document that starts with an empty line.
    #[test]
    fn a_document_finding_on_its_first_line() {
        use crate::checks::testing::findings;
        let rule = "kind = \"metric\"\nformula = \"words\"\ncondition = \"< 5\"\n";
        assert_eq!(findings(rule, "Grüße 😀,\nihr 中文."), ["Grüße 😀,"]);
        assert_eq!(findings(rule, "\nGrüße 😀."), ["\n"]);
    }

    #[test]
    fn a_document_and_its_exact_findings() {
        use crate::document::{Document, Format};
        use crate::guideline::{DocContext, Guideline, GuidelineSource};
        let guideline = Guideline::compile(&[GuidelineSource {
            name: "metric.toml".into(),
            text: r#"
[[rule]]
id = "sentence-length"
kind = "metric"
formula = "round(words / sentences, 1)"
condition = "> 2"
message = "{value} words per sentence."

[[rule]]
id = "long-paragraph"
kind = "metric"
scopes = ["paragraph"]
per = "paragraph"
formula = "words"
condition = ">= 6"
"#
            .into(),
        }])
        .unwrap_or_else(|errors| panic!("{errors:?}"));
        let text = "# Title\n\nOne two three four five six seven. Eight.\n\nShort one.\n";
        let document = Document::parse(Format::Markdown, text.to_owned());
        let context = DocContext {
            channel: None,
            language: None,
        };
        let mut found: Vec<(String, &str, String)> = guideline
            .check(&document, &context)
            .into_iter()
            .map(|f| (f.rule.id.to_string(), &text[f.span.clone()], f.message))
            .collect();
        found.sort();
        // 11 words in 4 sentences (the heading is one): 2.75, rounded to 2.8.
        assert_eq!(
            found,
            [
                (
                    "long-paragraph".to_owned(),
                    "One two three four five six seven. Eight.",
                    "This text scores 8.00, beyond the guideline's limit.".to_owned()
                ),
                (
                    "sentence-length".to_owned(),
                    "# Title",
                    "2.80 words per sentence.".to_owned()
                ),
            ]
        );
    }

    /// A document-level metric judges only documents with a segment in its scope: a
    /// condition that zero counts meet ("fewer than 5 words") reports nothing for a document
    /// without one.
    #[test]
    fn a_document_without_a_segment_in_scope_is_not_judged() {
        use crate::checks::testing::{NONE, findings};
        let rule = "kind = \"metric\"\nformula = \"words\"\ncondition = \"< 5\"\n";
        let headings = format!("{rule}scopes = [\"heading\"]\n");
        assert_eq!(findings(&headings, "Grüße, 中文 und 😀 ohne Überschrift."), NONE);
        assert_eq!(findings(rule, "Grüße 😀."), ["Grüße 😀."]);
    }

    #[test]
    fn guideline_errors_name_the_field() {
        use crate::guideline::{Guideline, GuidelineSource};
        let errors = Guideline::compile(&[GuidelineSource {
            name: "m.toml".into(),
            text: "[[rule]]\nid = \"m\"\nkind = \"metric\"\nformula = \"words /\"\ncondition = \"> 1\"\n"
                .into(),
        }])
        .err()
        .unwrap_or_default();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            ["m.toml:4:1: in `formula`: the formula ends too early (at character 8)"]
        );
    }

    #[test]
    fn comparisons_at_the_threshold() {
        let metric = |condition: &str, text: &str| {
            crate::checks::testing::findings(
                &format!("kind = \"metric\"\nformula = \"words\"\ncondition = \"{condition}\"\n"),
                text,
            )
            .len()
        };
        let four = "one two three four";
        assert_eq!(metric("> 4", four), 0);
        assert_eq!(metric(">= 4", four), 1);
        assert_eq!(metric("< 4", four), 0);
        assert_eq!(metric("<= 4", four), 1);
        assert_eq!(metric("== 4", four), 1);
        assert_eq!(metric("!= 4", four), 0);
        assert_eq!(metric("> 3", four), 1);
        assert_eq!(metric("< 5", four), 1);
        assert_eq!(metric(">= 5", four), 0);
        assert_eq!(metric("<= 3", four), 0);
        assert_eq!(metric("!= 3", four), 1);
        assert_eq!(metric("== 3", four), 0);
    }

    #[test]
    fn per_paragraph_at_the_threshold() {
        let rule = "kind = \"metric\"\nformula = \"words\"\ncondition = \"> 2\"\nper = \"paragraph\"\n";
        assert_eq!(crate::checks::testing::findings(rule, "one two\n\nthree four").len(), 0);
        assert_eq!(
            crate::checks::testing::findings(rule, "one two\n\nthree four five"),
            ["three four five"]
        );
    }
}
