//! Pieces of output that arrive in one order and must be written in another, kept in a
//! temporary file instead of memory.
//!
//! A run reaches its files in the walk's order, but some sections of its output are ordered by
//! path as text (the fingerprints of `check --format json`, the files of `report --format
//! json`): keeping them in memory until the end made memory grow with the corpus. Each piece is
//! appended to the file as it comes; memory keeps only its key and place, and the pieces are
//! copied out in key order when the run ends.

use std::io::{self, Read, Seek, SeekFrom, Write};

/// Byte pieces by key, spilled to a file (see the module documentation).
pub struct KeyedSpill<F: Write> {
    file: io::BufWriter<F>,
    /// Where each piece is, in the order they came.
    index: Vec<Entry>,
    /// The end of the written bytes.
    end: u64,
}

/// One piece's key and place in the spill file.
struct Entry {
    key: String,
    start: u64,
    len: usize,
}

impl<F: Read + Write + Seek> KeyedSpill<F> {
    /// A spill into `file`, which should be empty (an anonymous temporary file).
    pub fn new(file: F) -> KeyedSpill<F> {
        KeyedSpill {
            file: io::BufWriter::new(file),
            index: Vec::new(),
            end: 0,
        }
    }

    /// Keep `bytes` under `key`; a later piece of the same key replaces it (as in a map).
    pub fn push(&mut self, key: String, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)?;
        self.index.push(Entry {
            key,
            start: self.end,
            len: bytes.len(),
        });
        self.end += bytes.len() as u64;
        Ok(())
    }

    /// Whether nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The last piece kept under `key`, if any.
    pub fn get(&mut self, key: &str) -> io::Result<Option<Vec<u8>>> {
        let Some(entry) = self.index.iter().rev().find(|entry| entry.key == key) else {
            return Ok(None);
        };
        let (start, len) = (entry.start, entry.len);
        self.file.flush()?;
        let file = self.file.get_mut();
        let mut piece = vec![0; len];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut piece)?;
        // Later pieces go after the last one.
        file.seek(SeekFrom::Start(self.end))?;
        Ok(Some(piece))
    }

    /// Call `each` with every key and its (last) piece, in key order.
    pub fn for_each_sorted(
        mut self,
        mut each: impl FnMut(&str, &[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        // Stable: of equal keys, the last to come is the last here, and the one kept.
        self.index.sort_by(|a, b| a.key.cmp(&b.key));
        let mut file = self
            .file
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        let mut piece = Vec::new();
        for (position, entry) in self.index.iter().enumerate() {
            if self
                .index
                .get(position + 1)
                .is_some_and(|next| next.key == entry.key)
            {
                continue;
            }
            file.seek(SeekFrom::Start(entry.start))?;
            piece.resize(entry.len, 0);
            file.read_exact(&mut piece)?;
            each(&entry.key, &piece)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_back_in_key_order_and_the_last_of_a_key_wins() {
        let mut spill = KeyedSpill::new(io::Cursor::new(Vec::new()));
        for (key, bytes) in [("b", "2"), ("a-b", "1"), ("ä", "4"), ("b", "3"), ("a", "0")] {
            spill.push(key.to_owned(), bytes.as_bytes()).unwrap();
        }
        assert!(!spill.is_empty());
        assert_eq!(spill.get("b").unwrap().as_deref(), Some(&b"3"[..]));
        assert_eq!(spill.get("c").unwrap(), None);
        spill.push("c".to_owned(), b"5").unwrap();
        assert_eq!(spill.get("c").unwrap().as_deref(), Some(&b"5"[..]));
        let mut seen = Vec::new();
        spill
            .for_each_sorted(|key, bytes| {
                seen.push(format!("{key}={}", String::from_utf8_lossy(bytes)));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, ["a=0", "a-b=1", "b=3", "c=5", "ä=4"]);
    }
}
