//! Text encoding detection. Order: BOM; valid UTF-8; UTF-16 by the pattern of zero bytes;
//! GB18030 (a superset of GBK and GB2312); then chardetng's guess. A decoder that would
//! replace any byte is rejected: a report is never mangled.

use crate::ReadError;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it was in (the contract's `source.encoding`).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, "utf-8");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return strict(UTF_16LE, rest, "utf-16le");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return strict(UTF_16BE, rest, "utf-16be");
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if let Some(offset) = s.bytes().position(|b| b == 0) {
            return Err(ReadError::Binary { offset });
        }
        return Ok(Decoded {
            text: s.to_string(),
            encoding: "utf-8",
        });
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return strict(
            enc,
            bytes,
            if enc == UTF_16LE {
                "utf-16le"
            } else {
                "utf-16be"
            },
        );
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary { offset });
    }
    if let Ok(d) = strict(GB18030, bytes, "gb18030") {
        return Ok(d);
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    // Only Big5 (traditional-character reposts) is worth a guess: single-byte encodings such as
    // windows-1252 decode any bytes at all, which would turn a damaged file into garbage.
    if guess == encoding_rs::BIG5 {
        return strict(guess, bytes, "big5");
    }
    Err(ReadError::Encoding {
        offset: first_bad_gb18030(bytes),
    })
}

fn utf8(bytes: &[u8], name: &'static str) -> Result<Decoded, ReadError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            encoding: name,
        }),
        Err(e) => Err(ReadError::Encoding {
            offset: e.valid_up_to() + 3,
        }),
    }
}

fn strict(enc: &'static Encoding, bytes: &[u8], name: &'static str) -> Result<Decoded, ReadError> {
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => {
            if let Some(offset) = text.find('\0') {
                return Err(ReadError::Binary { offset });
            }
            Ok(Decoded {
                text: text.into_owned(),
                encoding: name,
            })
        }
        None => Err(ReadError::Encoding {
            offset: first_bad_utf8(bytes),
        }),
    }
}

/// UTF-16 text without a BOM has a zero in nearly every other byte (for ASCII and common
/// punctuation); CJK text has few zeros, so this only fires on mostly-ASCII UTF-16.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let n = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd * 4 > n && even * 20 < n {
        Some(UTF_16LE)
    } else if even * 4 > n && odd * 20 < n {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Where GB18030 decoding first fails (for the error message).
fn first_bad_gb18030(bytes: &[u8]) -> usize {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(len, _) => read.saturating_sub(len as usize),
        _ => read,
    }
}

fn first_bad_utf8(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => 0,
        Err(e) => e.valid_up_to(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "一、总体情况\n规章\t0\t1\t2\n";

    #[test]
    fn decodes_every_encoding_we_meet() {
        assert_eq!(decode(TEXT.as_bytes()).unwrap().encoding, "utf-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(TEXT.as_bytes());
        let d = decode(&bom).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TEXT, "utf-8"));
        let (gbk, _, _) = GB18030.encode(TEXT);
        let d = decode(&gbk).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (TEXT, "gb18030"));
        let mut le = vec![0xFF, 0xFE];
        le.extend(TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().text, TEXT);
        let mut be = vec![0xFE, 0xFF];
        be.extend(TEXT.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap().text, TEXT);
    }

    #[test]
    fn refuses_what_no_cjk_encoding_reads() {
        let e = decode(&[0xe4, 0xb8, 0x80, b'a', 0xff, 0x80, 0xfe]).unwrap_err();
        assert!(matches!(e, ReadError::Encoding { offset: 4 }), "{e:?}");
    }

    #[test]
    fn refuses_binary() {
        assert!(matches!(
            decode(&[0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x80]),
            Err(ReadError::Binary { .. } | ReadError::Encoding { .. })
        ));
    }
}
