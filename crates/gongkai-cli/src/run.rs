//! A run over many files (`parse`, `check`, `eval`): each file loaded once, in walk order, and
//! its output written in that order.
//!
//! A report whose refused digit runs another copy of the same report could decide
//! (`gongkai_core::copies`) is held until every file has been loaded; then the files of its
//! key (year, template, agency) are loaded again and handed to `copies::decide`. Only the
//! keys are kept for every file, so memory does not grow with the run; what comes after a held
//! file is kept as output until the held file is written. `--alone` turns this off: each file
//! is read on its own.

use crate::load;
use anyhow::Result;
use gongkai_core::copies::{self, Copy, Decided, Key};
use gongkai_formats::Loaded;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file of the run, loaded.
pub(crate) struct File {
    pub path: PathBuf,
    pub loaded: Loaded,
    /// The cells other copies of the same report decided, by copy.
    pub decided: Vec<Decided>,
}

/// A file that could not be loaded (`path`: its error names it too), or a directory that
/// could not be walked (no `path`).
pub(crate) struct Failed {
    pub path: Option<PathBuf>,
    pub error: anyhow::Error,
}

enum Slot {
    Ready(Vec<u8>),
    Held(PathBuf, Box<Loaded>),
}

/// Load each of `files` and write to `out` what `each` makes of it (or of the error naming it),
/// in the files' order. With `alone`, no file is given cells from another.
pub(crate) fn each_file(
    files: impl Iterator<Item = Result<PathBuf>>,
    alone: bool,
    out: &mut impl Write,
    mut each: impl FnMut(Result<File, Failed>) -> Result<Vec<u8>>,
) -> Result<()> {
    let mut queue: Vec<Slot> = Vec::new();
    let mut keys: Vec<(PathBuf, Key)> = Vec::new();
    for path in files {
        let item = match path {
            Ok(p) => match load(&p) {
                Ok(l) => Ok((p, l)),
                Err(error) => Err(Failed {
                    path: Some(p),
                    error,
                }),
            },
            Err(error) => Err(Failed { path: None, error }),
        };
        let bytes = match item {
            Ok((path, loaded)) => {
                let key = if alone { None } else { Key::of(&loaded.report) };
                if let Some(key) = key {
                    keys.push((path.clone(), key));
                    if copies::has_open_runs(&loaded.report) {
                        queue.push(Slot::Held(path, Box::new(loaded)));
                        continue;
                    }
                }
                each(Ok(File {
                    path,
                    loaded,
                    decided: Vec::new(),
                }))?
            }
            Err(e) => {
                // The error goes to stderr now: what stands before it on stdout goes first.
                if queue.is_empty() {
                    out.flush()?;
                }
                each(Err(e))?
            }
        };
        if queue.is_empty() {
            out.write_all(&bytes)?;
        } else {
            queue.push(Slot::Ready(bytes));
        }
    }
    for slot in queue {
        let bytes = match slot {
            Slot::Ready(bytes) => bytes,
            Slot::Held(path, mut loaded) => {
                let decided = match Key::of(&loaded.report) {
                    Some(key) => {
                        let others = copies_of(&key, &path, &keys);
                        copies::decide(&mut loaded.report, &others)
                    }
                    None => Vec::new(),
                };
                each(Ok(File {
                    path,
                    loaded: *loaded,
                    decided,
                }))?
            }
        };
        out.write_all(&bytes)?;
    }
    Ok(())
}

/// The other files of the run with `key`, loaded again (a file that no longer loads is
/// passed over: it was reported when it was first read).
fn copies_of(key: &Key, path: &Path, keys: &[(PathBuf, Key)]) -> Vec<Copy> {
    keys.iter()
        .filter(|(p, k)| k == key && p != path)
        .filter_map(|(p, _)| {
            let loaded = load(p).ok()?;
            Copy::of(&p.display().to_string(), &loaded.report)
        })
        .collect()
}
