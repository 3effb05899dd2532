//! Legacy binary Word files (.doc, and Kingsoft .wps, which is the same OLE2 format): converted
//! to DOCX by LibreOffice when it is installed, then read by the DOCX reader. Files *named*
//! .doc that are really HTML or DOCX never come here: the format is sniffed from the bytes.
//!
//! Each conversion runs `soffice --headless --convert-to docx` with its own temporary profile
//! (`-env:UserInstallation`), so conversions in parallel and a user's open LibreOffice do not
//! block each other, and is killed after [`TIMEOUT`].

use crate::ReadError;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A conversion that takes longer than this is abandoned.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// The LibreOffice binary on `PATH`, if any.
pub fn converter() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Convert OLE2 Word/WPS bytes to DOCX bytes.
pub fn to_docx(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let soffice = converter().ok_or(ReadError::NoConverter)?;
    let dir = TempDir::new().map_err(|e| ReadError::Convert(format!("无法建立临时目录（{e}）")))?;
    let input = dir.0.join("input.doc");
    std::fs::write(&input, bytes).map_err(|e| ReadError::Convert(e.to_string()))?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.0.join("profile").display()
    );
    let mut child = Command::new(&soffice)
        .arg("--headless")
        .arg(profile)
        .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&dir.0)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| ReadError::Convert(format!("无法启动 {}（{e}）", soffice.display())))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::Convert(format!(
                    "超过 {} 秒未完成",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(ReadError::Convert(e.to_string())),
        }
    }
    std::fs::read(dir.0.join("input.docx"))
        .map_err(|_| ReadError::Convert("LibreOffice 没有生成 DOCX（文件可能已损坏或加密）".into()))
}

/// A private directory removed on drop.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    pub(crate) fn path(&self) -> &std::path::Path {
        &self.0
    }

    pub(crate) fn new() -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!(
            "gongkai-doc-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&p)?;
        Ok(TempDir(p))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
