//! A run over many files (`parse`, `check`, `eval`): each file loaded once, in walk order, and
//! its output written in that order.
//!
//! A report whose refused digit runs another copy of the same report could decide
//! (`gongkai_core::copies`) is held until every file has been read; then it and the files of
//! its key (year, template, agency) are loaded again and it is handed to `copies::decide`.
//! Memory does not grow with the run: for every file only its key and a sketch of a few cells
//! are kept (the sketch passes over files of the key that cannot be copies without loading
//! them again), and the output of the files after a held one waits in a temporary file until
//! the held one is written.
//! `--alone` turns this off: each file is read on its own.

use crate::load;
use anyhow::{Context, Result};
use gongkai_core::copies::{self, Copy, Decided, Key, Sketch};
use gongkai_formats::Loaded;
use std::io::{Read, Seek, SeekFrom, Write};
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

/// A file's place in the output once a file is held: its output's length in the spill file,
/// or the held file itself.
enum Slot {
    Ready(u64),
    Held(PathBuf, Sketch),
}

/// The output that waits behind a held file: a temporary file, removed when dropped.
struct Spill {
    file: std::fs::File,
    path: PathBuf,
}

impl Spill {
    fn new() -> Result<Spill> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static N: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "gongkai-run-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("无法创建临时文件 {}", path.display()))?;
        Ok(Spill { file, path })
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether a run over `paths` is of one file: no copies to compare, nothing to hold.
pub(crate) fn one_file(paths: &[PathBuf]) -> bool {
    matches!(paths, [p] if p.is_file())
}

/// Load each of `files` and write to `out` what `each` makes of it (or of the error naming it),
/// in the files' order. With `alone`, no file is given cells from another.
pub(crate) fn each_file(
    files: impl Iterator<Item = Result<PathBuf>>,
    alone: bool,
    out: &mut impl Write,
    mut each: impl FnMut(Result<File, Failed>) -> Result<Vec<u8>>,
) -> Result<()> {
    // From the first held file on: the order of what follows, and the output waiting.
    let mut queue: Vec<Slot> = Vec::new();
    let mut spill: Option<std::io::BufWriter<Spill>> = None;
    let mut keys: Vec<(PathBuf, Key, Sketch)> = Vec::new();
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
                let copy = if alone {
                    None
                } else {
                    Copy::of("", &loaded.report)
                };
                if let Some(copy) = copy {
                    let sketch = copy.sketch();
                    keys.push((path.clone(), copy.key().clone(), sketch.clone()));
                    if copies::has_open_runs(&loaded.report) {
                        if spill.is_none() {
                            spill = Some(std::io::BufWriter::new(Spill::new()?));
                        }
                        queue.push(Slot::Held(path, sketch));
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
                if spill.is_none() {
                    out.flush()?;
                }
                each(Err(e))?
            }
        };
        match spill.as_mut() {
            None => out.write_all(&bytes)?,
            Some(w) => {
                w.write_all(&bytes)?;
                queue.push(Slot::Ready(bytes.len() as u64));
            }
        }
    }
    let Some(spill) = spill else {
        return Ok(());
    };
    // Dropped at the end, and its file removed.
    let mut waiting = spill.into_inner().map_err(|e| e.into_error())?;
    waiting.file.seek(SeekFrom::Start(0))?;
    for slot in queue {
        match slot {
            Slot::Ready(len) => {
                let copied = std::io::copy(&mut (&waiting.file).take(len), out)?;
                anyhow::ensure!(copied == len, "临时文件 {} 被截断", waiting.path.display());
            }
            Slot::Held(path, sketch) => {
                let bytes = match load(&path) {
                    Ok(mut loaded) => {
                        let decided = match Key::of(&loaded.report) {
                            Some(key) => copies::decide(
                                &mut loaded.report,
                                &copies_of(&key, &sketch, &path, &keys),
                            ),
                            None => Vec::new(),
                        };
                        each(Ok(File {
                            path,
                            loaded,
                            decided,
                        }))?
                    }
                    Err(error) => each(Err(Failed {
                        path: Some(path),
                        error,
                    }))?,
                };
                out.write_all(&bytes)?;
            }
        }
    }
    Ok(())
}

/// The other files of the run with `key` whose sketch does not rule them out, loaded again (a
/// file that no longer loads is passed over: it was reported when it was first read).
fn copies_of(
    key: &Key,
    sketch: &Sketch,
    path: &Path,
    keys: &[(PathBuf, Key, Sketch)],
) -> Vec<Copy> {
    keys.iter()
        .filter(|(p, k, s)| k == key && p != path && s.may_match(sketch))
        .filter_map(|(p, _, _)| {
            let loaded = load(p).ok()?;
            Copy::of(&p.display().to_string(), &loaded.report)
        })
        .collect()
}
