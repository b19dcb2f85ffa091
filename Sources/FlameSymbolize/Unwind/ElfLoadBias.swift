import CLibdw
import FlameModel
#if canImport(Glibc)
import Glibc
#endif

/// Where a file's virtual addresses lie at run time: the load bias, derived
/// from the PT_LOAD segment that holds the mapping's file offset (so that
/// linkers whose segments' offsets and addresses differ, such as lld, work).
enum ElfLoadBias {
    static func bias(path: String, mapping: Mapping) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let elf = elf_begin(fd, ELF_C_READ_MMAP, nil) else { return nil }
        defer { elf_end(elf) }
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else { return nil }
        for i in 0 ..< count {
            var header = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(i), &header) != nil, header.p_type == PT_LOAD else { continue }
            let offset = mapping.fileOffset
            if offset >= header.p_offset, offset < header.p_offset &+ max(header.p_filesz, 1) {
                // start holds file offset `offset`, i.e. vaddr p_vaddr + (offset - p_offset).
                return mapping.start &- (header.p_vaddr &+ (offset &- header.p_offset))
            }
        }
        return nil
    }
}
