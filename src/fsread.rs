//! Opening files that someone else handed us: never blocks on a FIFO, reads only regular
//! files, never reads past a byte limit, and never follows a symbolic link out of a folder.
//!
//! The size the metadata reports is not trusted (`/proc` files report 0, a FIFO has none):
//! every read goes through [`std::io::Read::take`] with the limit plus one byte.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Most files one folder scan looks at (leaderboard, scenario folders). Beyond it the scan
/// stops and says so: a workshop has a dozen replays, a scenario folder a few dozen files.
pub const MAX_FOLDER_FILES: usize = 10_000;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("not found")]
    NotFound,
    #[error("not a regular file ({0}); skipped")]
    NotRegular(&'static str),
    #[error("a symbolic link inside a folder is not followed; skipped")]
    Symlink,
    #[error("larger than the limit of {limit} bytes; skipped")]
    TooLarge { limit: u64 },
    #[error("{0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            ReadError::NotFound
        } else {
            ReadError::Io(e)
        }
    }
}

/// Whether the file was named by the user (a symbolic link is followed) or found in a
/// folder scan (a symbolic link is refused, even one swapped in after the scan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Named,
    FromFolder,
}

/// What kind of file this metadata describes, in words.
fn kind_of(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Open without blocking: `O_NONBLOCK` so that opening a FIFO with no writer returns at
/// once, and `O_NOFOLLOW` for files found in a folder.
fn open(path: &Path, origin: Origin) -> Result<std::fs::File, ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY;
        if origin == Origin::FromFolder {
            flags |= libc::O_NOFOLLOW;
        }
        opts.custom_flags(flags);
    }
    match opts.open(path) {
        Ok(f) => Ok(f),
        #[cfg(unix)]
        Err(e) if origin == Origin::FromFolder && e.raw_os_error() == Some(libc::ELOOP) => {
            Err(ReadError::Symlink)
        }
        Err(e) => Err(e.into()),
    }
}

/// Read a whole regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64, origin: Origin) -> Result<Vec<u8>, ReadError> {
    if origin == Origin::FromFolder
        && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(ReadError::Symlink);
    }
    let file = open(path, origin)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Read a regular text file (UTF-8) of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64, origin: Origin) -> Result<String, ReadError> {
    let bytes = read_limited(path, limit, origin)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        ))
    })
}

/// A file a folder scan did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The result of a folder scan.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Regular files with the extension, sorted by name.
    pub files: Vec<PathBuf>,
    /// Entries with the extension that are not regular files (symbolic links, FIFOs,
    /// devices, folders), sorted by name; and a note when the scan stopped at the limit.
    pub skipped: Vec<Skipped>,
}

/// The entries of `dir` whose name ends in `.ext`, without following symbolic links.
pub fn scan_dir(dir: &Path, ext: &str) -> std::io::Result<Scan> {
    let mut scan = Scan::default();
    let mut seen = 0usize;
    for entry in std::fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_none_or(|x| x != ext) {
            continue;
        }
        seen += 1;
        if seen > MAX_FOLDER_FILES {
            scan.skipped.push(Skipped {
                path: dir.to_path_buf(),
                reason: format!(
                    "more than {MAX_FOLDER_FILES} `.{ext}` files in this folder; the rest were not read"
                ),
            });
            break;
        }
        // `DirEntry::file_type` does not follow symbolic links.
        match entry.file_type() {
            Ok(ft) if ft.is_file() => scan.files.push(path),
            Ok(ft) if ft.is_symlink() => scan.skipped.push(Skipped {
                path,
                reason: ReadError::Symlink.to_string(),
            }),
            Ok(ft) => scan.skipped.push(Skipped {
                path,
                reason: ReadError::NotRegular(kind_of(&ft)).to_string(),
            }),
            Err(e) => scan.skipped.push(Skipped {
                path,
                reason: e.to_string(),
            }),
        }
    }
    scan.files.sort();
    scan.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("sandtable-fsread-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn a_file_over_the_limit_is_refused_whatever_its_metadata_says() {
        let d = dir("limit");
        std::fs::write(d.join("a.json"), vec![b'x'; 11]).expect("write");
        assert!(matches!(
            read_limited(&d.join("a.json"), 10, Origin::Named),
            Err(ReadError::TooLarge { limit: 10 })
        ));
        assert_eq!(
            read_limited(&d.join("a.json"), 11, Origin::Named)
                .expect("fits")
                .len(),
            11
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_files_that_report_size_zero_are_read_through_the_limit() {
        let r =
            read_limited(Path::new("/proc/self/status"), 1 << 20, Origin::Named).expect("readable");
        assert!(!r.is_empty());
        assert!(matches!(
            read_limited(Path::new("/proc/self/status"), 8, Origin::Named),
            Err(ReadError::TooLarge { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_a_device_and_a_link_in_a_folder_are_skipped_without_blocking() {
        let d = dir("hostile");
        std::fs::write(d.join("good.json"), b"{}").expect("write");
        let fifo = d.join("fifo.json");
        let c = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("c string");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        std::os::unix::fs::symlink("/dev/zero", d.join("zero.json")).expect("link");
        std::os::unix::fs::symlink(d.join("good.json"), d.join("link.json")).expect("link");
        let scan = scan_dir(&d, "json").expect("scan");
        assert_eq!(scan.files, vec![d.join("good.json")]);
        let reasons: Vec<String> = scan
            .skipped
            .iter()
            .map(|s| {
                format!(
                    "{}: {}",
                    s.path.file_name().unwrap().to_string_lossy(),
                    s.reason
                )
            })
            .collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons[0].starts_with("fifo.json: not a regular file (a FIFO)"));
        assert!(reasons[1].starts_with("link.json: a symbolic link"));
        assert!(reasons[2].starts_with("zero.json: a symbolic link"));
        // Named directly, the FIFO is opened without blocking and refused.
        assert!(matches!(
            read_limited(&fifo, 100, Origin::Named),
            Err(ReadError::NotRegular("a FIFO"))
        ));
        // /dev/zero named directly is a device, refused before reading.
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 100, Origin::Named),
            Err(ReadError::NotRegular("a device"))
        ));
        // A link found in a folder is refused even when opened by path.
        assert!(matches!(
            read_limited(&d.join("link.json"), 100, Origin::FromFolder),
            Err(ReadError::Symlink)
        ));
    }
}
