//! Legacy binary Word files (.doc, and Kingsoft .wps, which is the same OLE2 format): converted
//! to DOCX by LibreOffice when it is installed, then read by the DOCX reader. Files *named*
//! .doc that are really HTML or DOCX never come here: the format is sniffed from the bytes.
//!
//! Each conversion runs `soffice --headless --convert-to docx` with its own temporary profile
//! (`-env:UserInstallation`), so conversions in parallel and a user's open LibreOffice do not
//! block each other, and is killed after [`TIMEOUT`].

use crate::process;
use crate::ReadError;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// A conversion that takes longer than this is abandoned.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// The LibreOffice binary on `PATH`, if any.
pub fn converter() -> Option<PathBuf> {
    process::find(&["soffice", "libreoffice"])
}

/// Convert OLE2 Word/WPS bytes to DOCX bytes.
pub fn to_docx(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let soffice = converter().ok_or(ReadError::NoConverter)?;
    let dir = process::TempDir::new()
        .map_err(|e| ReadError::Convert(format!("无法建立临时目录（{e}）")))?;
    let input = dir.path().join("input.doc");
    std::fs::write(&input, bytes).map_err(|e| ReadError::Convert(e.to_string()))?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let mut cmd = Command::new(&soffice);
    cmd.arg("--headless")
        .arg(profile)
        .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(dir.path())
        .arg(&input);
    process::run(&mut cmd, TIMEOUT).map_err(ReadError::Convert)?;
    std::fs::read(dir.path().join("input.docx"))
        .map_err(|_| ReadError::Convert("LibreOffice 没有生成 DOCX（文件可能已损坏或加密）".into()))
}
