//! The standard security handler with an empty user password: PDFs that open without a
//! password but carry permission restrictions (common on government sites). RC4 (40–128 bit),
//! AES-128 (`AESV2`) and AES-256 (`AESV3`, revisions 5 and 6). A file that needs a password to
//! open is refused with a message; permissions are not enforced (reading is allowed by them
//! all).

use super::object::{Dict, Obj};
use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Method {
    Identity,
    Rc4,
    Aes128,
    Aes256,
}

/// Why a file cannot be decrypted.
#[derive(Debug)]
pub enum CryptError {
    /// A password is needed to open it.
    Password,
    /// A handler or revision gongkai does not know.
    Unsupported(String),
}

pub struct Crypt {
    key: Vec<u8>,
    strings: Method,
    streams: Method,
    metadata: bool,
}

fn bytes(d: &Dict, key: &str) -> Vec<u8> {
    match d.get(key) {
        Some(Obj::Str(s)) => s.clone(),
        _ => Vec::new(),
    }
}

impl Crypt {
    /// Set up from the `/Encrypt` dictionary and the first `/ID` string.
    pub fn new(enc: &Dict, id: &[u8]) -> Result<Crypt, CryptError> {
        let filter = enc.get("Filter").and_then(Obj::as_name).unwrap_or(b"");
        if filter != b"Standard" {
            return Err(CryptError::Unsupported(
                String::from_utf8_lossy(filter).into_owned(),
            ));
        }
        let v = enc.get("V").and_then(Obj::as_i64).unwrap_or(0);
        let r = enc.get("R").and_then(Obj::as_i64).unwrap_or(0);
        let metadata = !matches!(enc.get("EncryptMetadata"), Some(Obj::Bool(false)));
        let method_of = |name: Option<&[u8]>| -> Method {
            let Some(name) = name else {
                return Method::Identity;
            };
            if name == b"Identity" {
                return Method::Identity;
            }
            let cfm = enc
                .get("CF")
                .and_then(Obj::as_dict)
                .and_then(|cf| cf.0.iter().find(|(k, _)| k == name))
                .and_then(|(_, f)| f.as_dict())
                .and_then(|f| f.get("CFM"))
                .and_then(Obj::as_name)
                .unwrap_or(b"None");
            match cfm {
                b"V2" => Method::Rc4,
                b"AESV2" => Method::Aes128,
                b"AESV3" => Method::Aes256,
                _ => Method::Identity,
            }
        };
        let (strings, streams) = match v {
            1 | 2 => (Method::Rc4, Method::Rc4),
            4 | 5 => (
                method_of(enc.get("StrF").and_then(Obj::as_name)),
                method_of(enc.get("StmF").and_then(Obj::as_name)),
            ),
            other => return Err(CryptError::Unsupported(format!("V {other}"))),
        };
        let (o, u) = (bytes(enc, "O"), bytes(enc, "U"));
        let key = match r {
            2..=4 => {
                let n = if r == 2 {
                    5
                } else {
                    (enc.get("Length").and_then(Obj::as_i64).unwrap_or(40) / 8).clamp(5, 16)
                        as usize
                };
                let p = enc.get("P").and_then(Obj::as_i64).unwrap_or(0) as i32;
                let mut h = Md5::new();
                h.update(PAD);
                h.update(&o[..o.len().min(32)]);
                h.update(p.to_le_bytes());
                h.update(id);
                if r >= 4 && !metadata {
                    h.update([0xff; 4]);
                }
                let mut k = h.finalize().to_vec();
                if r >= 3 {
                    for _ in 0..50 {
                        k = Md5::digest(&k[..n]).to_vec();
                    }
                }
                k.truncate(n);
                // The empty user password must open it.
                let ok = if r == 2 {
                    rc4(&k, &PAD) == u.get(..32).unwrap_or(&[])
                } else {
                    let mut h = Md5::new();
                    h.update(PAD);
                    h.update(id);
                    let mut x = rc4(&k, &h.finalize());
                    for i in 1..=19u8 {
                        let ki: Vec<u8> = k.iter().map(|b| b ^ i).collect();
                        x = rc4(&ki, &x);
                    }
                    u.len() >= 16 && x[..16] == u[..16]
                };
                if !ok {
                    return Err(CryptError::Password);
                }
                k
            }
            5 | 6 => {
                if u.len() < 48 {
                    return Err(CryptError::Unsupported("U".into()));
                }
                let check = hash_2b(r, &[], &u[32..40]);
                if check[..] != u[..32] {
                    return Err(CryptError::Password);
                }
                let k = hash_2b(r, &[], &u[40..48]);
                let ue = bytes(enc, "UE");
                if ue.len() < 32 {
                    return Err(CryptError::Unsupported("UE".into()));
                }
                let cipher = aes::Aes256::new_from_slice(&k).map_err(|_| CryptError::Password)?;
                let mut prev = [0u8; 16];
                let mut key = Vec::with_capacity(32);
                for block in ue[..32].chunks(16) {
                    let mut b = aes::Block::clone_from_slice(block);
                    cipher.decrypt_block(&mut b);
                    key.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
                    prev.copy_from_slice(block);
                }
                key
            }
            other => return Err(CryptError::Unsupported(format!("R {other}"))),
        };
        Ok(Crypt {
            key,
            strings,
            streams,
            metadata,
        })
    }

    fn object_key(&self, method: Method, num: u32, gen: u16) -> Vec<u8> {
        if method == Method::Aes256 {
            return self.key.clone();
        }
        let mut h = Md5::new();
        h.update(&self.key);
        h.update(&num.to_le_bytes()[..3]);
        h.update(gen.to_le_bytes());
        if method == Method::Aes128 {
            h.update(b"sAlT");
        }
        let mut k = h.finalize().to_vec();
        k.truncate((self.key.len() + 5).min(16));
        k
    }

    fn apply(&self, method: Method, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        match method {
            Method::Identity => data.to_vec(),
            Method::Rc4 => rc4(&self.object_key(method, num, gen), data),
            Method::Aes128 | Method::Aes256 => aes_cbc(&self.object_key(method, num, gen), data),
        }
    }

    /// Decrypt a stream's data (not the cross-reference stream, nor metadata when the file
    /// leaves it in the clear).
    pub fn stream(&self, dict: &Dict, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        let kind = dict.get("Type").and_then(Obj::as_name);
        if kind == Some(b"XRef") || (kind == Some(b"Metadata") && !self.metadata) {
            return data.to_vec();
        }
        self.apply(self.streams, num, gen, data)
    }

    /// Decrypt every string inside an object, in place.
    pub fn strings(&self, obj: &mut Obj, num: u32, gen: u16) {
        self.walk(obj, num, gen, 0);
    }

    fn walk(&self, obj: &mut Obj, num: u32, gen: u16, depth: usize) {
        if depth > 64 {
            return;
        }
        match obj {
            Obj::Str(s) => *s = self.apply(self.strings, num, gen, s),
            Obj::Array(a) => a.iter_mut().for_each(|o| self.walk(o, num, gen, depth + 1)),
            Obj::Dict(d) => {
                d.0.iter_mut()
                    .for_each(|(_, o)| self.walk(o, num, gen, depth + 1))
            }
            _ => {}
        }
    }
}

fn rc4(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    if key.is_empty() {
        return data.to_vec();
    }
    let mut j = 0u8;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    data.iter()
        .map(|&b| {
            i = i.wrapping_add(1);
            j = j.wrapping_add(s[i as usize]);
            s.swap(i as usize, j as usize);
            b ^ s[s[i as usize].wrapping_add(s[j as usize]) as usize]
        })
        .collect()
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#7 padding (removed when valid).
fn aes_cbc(key: &[u8], data: &[u8]) -> Vec<u8> {
    if data.len() < 32 || !data.len().is_multiple_of(16) {
        return Vec::new();
    }
    let (iv, body) = data.split_at(16);
    let mut out = Vec::with_capacity(body.len());
    let mut prev: [u8; 16] = iv.try_into().unwrap_or([0; 16]);
    let mut run = |decrypt: &dyn Fn(&mut aes::Block)| {
        for block in body.chunks(16) {
            let mut b = aes::Block::clone_from_slice(block);
            decrypt(&mut b);
            out.extend(b.iter().zip(prev).map(|(x, p)| x ^ p));
            prev.copy_from_slice(block);
        }
    };
    match key.len() {
        16 => match aes::Aes128::new_from_slice(key) {
            Ok(c) => run(&|b| c.decrypt_block(b)),
            Err(_) => return Vec::new(),
        },
        32 => match aes::Aes256::new_from_slice(key) {
            Ok(c) => run(&|b| c.decrypt_block(b)),
            Err(_) => return Vec::new(),
        },
        _ => return Vec::new(),
    }
    if let Some(&pad) = out.last() {
        let pad = pad as usize;
        if (1..=16).contains(&pad) && out[out.len() - pad..].iter().all(|&b| b as usize == pad) {
            out.truncate(out.len() - pad);
        }
    }
    out
}

/// Algorithm 2.B (ISO 32000-2): the hash of a password for revisions 5 (one SHA-256) and 6.
fn hash_2b(r: i64, password: &[u8], salt: &[u8]) -> Vec<u8> {
    let mut k = {
        let mut h = Sha256::new();
        h.update(password);
        h.update(salt);
        h.finalize().to_vec()
    };
    if r == 5 {
        return k;
    }
    let mut round = 0usize;
    loop {
        let mut k1 = Vec::with_capacity(64 * (password.len() + k.len()));
        for _ in 0..64 {
            k1.extend_from_slice(password);
            k1.extend_from_slice(&k);
        }
        let Ok(cipher) = aes::Aes128::new_from_slice(&k[..16]) else {
            return k;
        };
        let mut prev: [u8; 16] = k[16..32].try_into().unwrap_or([0; 16]);
        let mut e = Vec::with_capacity(k1.len());
        for block in k1.chunks(16) {
            let mut b = aes::Block::clone_from_slice(block);
            for (x, p) in b.iter_mut().zip(prev) {
                *x ^= p;
            }
            cipher.encrypt_block(&mut b);
            prev.copy_from_slice(&b);
            e.extend_from_slice(&b);
        }
        let sum: u32 = e[..16].iter().map(|&b| b as u32).sum();
        k = match sum % 3 {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        // At least 64 rounds, then until the last byte of E is at most (rounds done) − 32.
        if round >= 63 && (*e.last().unwrap_or(&0) as usize) + 31 <= round {
            break;
        }
        round += 1;
        if round > 1000 {
            break;
        }
    }
    k.truncate(32);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        // RFC 6229-style check: "Key" / "Plaintext" → BBF316E8D940AF0AD3
        assert_eq!(
            rc4(b"Key", b"Plaintext"),
            vec![0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]
        );
    }
}
