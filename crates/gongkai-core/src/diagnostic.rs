//! A finding: code, severity, bilingual message, the places and the cells it names.

use crate::model::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// The language of messages. Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
    /// The caption under a report's year (S104, X302).
    pub fn report_year(year: i32) -> Text {
        Text::new(format!("报告年度 {year}"), format!("report year {year}"))
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// A place in the source with a short caption shown under the carets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: Text,
    pub help: Option<Text>,
    /// The main place; its line is the contract's `line`.
    pub primary: Option<Span>,
    /// Every place to underline (the primary one included), with captions.
    pub labels: Vec<Label>,
    /// Cell paths (`requests.total.total`) involved.
    pub cells: Vec<String>,
}

impl Diagnostic {
    pub fn new(meta: &crate::rules::RuleMeta, message: Text) -> Diagnostic {
        Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message,
            help: None,
            primary: None,
            labels: Vec::new(),
            cells: Vec::new(),
        }
    }
    pub fn help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }
    pub fn at(mut self, span: Span) -> Diagnostic {
        self.primary = Some(span);
        self
    }
    pub fn label(mut self, span: Span, text: Text) -> Diagnostic {
        if self.primary.is_none() {
            self.primary = Some(span);
        }
        self.labels.push(Label { span, text });
        self
    }
    pub fn cells<I: IntoIterator<Item = String>>(mut self, cells: I) -> Diagnostic {
        self.cells.extend(cells);
        self
    }
}
