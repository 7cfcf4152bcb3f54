//! Write: a generated file reaches the disk only when its content changed, so an unchanged spec never
//! triggers a rebuild of what includes it.

use std::io;
use std::path::Path;

/// Writes `content` to `path` unless the file already holds exactly that; answers whether it wrote.
pub fn write_if_changed(path: &Path, content: &str) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == content.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)?;
    Ok(true)
}
