// The process map as a MAPS record: every file-backed mapping (and [vdso])
// with the file's GNU build-id, so that addresses can be symbolized later,
// offline, against the right binaries. Runs outside signal handlers.
#include "sampler_internal.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char path[4096];
    unsigned char id[64];
    int length;
} build_id_entry;

// The build-id note of an ELF file on disk (length 0 when there is none).
static int read_build_id(const char *path, unsigned char *id, int capacity) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    int found = 0;
    Elf64_Ehdr header;
    if (pread(fd, &header, sizeof header, 0) != sizeof header || memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
        header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_phentsize != sizeof(Elf64_Phdr) || header.e_phnum > 256) {
        close(fd);
        return 0;
    }
    for (int i = 0; i < header.e_phnum && !found; i++) {
        Elf64_Phdr segment;
        if (pread(fd, &segment, sizeof segment, (off_t)(header.e_phoff + (uint64_t)i * sizeof segment)) != sizeof segment) break;
        if (segment.p_type != PT_NOTE || segment.p_filesz > 65536) continue;
        unsigned char notes[65536];
        if (pread(fd, notes, segment.p_filesz, (off_t)segment.p_offset) != (ssize_t)segment.p_filesz) continue;
        size_t at = 0;
        while (at + sizeof(Elf64_Nhdr) <= segment.p_filesz) {
            Elf64_Nhdr note;
            memcpy(&note, notes + at, sizeof note);
            size_t name_at = at + sizeof note;
            size_t desc_at = name_at + ((note.n_namesz + 3) & ~3u);
            size_t next = desc_at + ((note.n_descsz + 3) & ~3u);
            if (next > segment.p_filesz) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && memcmp(notes + name_at, "GNU", 4) == 0 &&
                note.n_descsz > 0 && (int)note.n_descsz <= capacity) {
                memcpy(id, notes + desc_at, note.n_descsz);
                found = (int)note.n_descsz;
                break;
            }
            at = next;
        }
    }
    close(fd);
    return found;
}

typedef struct {
    uint64_t start, end, offset;
    uint32_t prot;
    char *path;
    unsigned char id[64];
    int id_length;
} map_entry;

int fs_write_maps(fs_out *out, uint32_t phase, uint64_t time_ns) {
    FILE *maps = fopen("/proc/self/maps", "re");
    if (!maps) return -1;
    size_t capacity = 256, count = 0;
    map_entry *entries = malloc(capacity * sizeof *entries);
    char line[4096 + 128];
    while (entries && fgets(line, sizeof line, maps)) {
        unsigned long long start, end, offset, inode;
        char perms[8], device[16];
        int path_at = 0;
        if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &start, &end, perms, &offset, device, &inode, &path_at) < 6) continue;
        char *path = line + path_at;
        path[strcspn(path, "\n")] = '\0';
        if (path[0] != '/' && strcmp(path, "[vdso]") != 0) continue;
        if (count == capacity) {
            map_entry *grown = realloc(entries, 2 * capacity * sizeof *entries);
            if (!grown) break;
            entries = grown;
            capacity *= 2;
        }
        map_entry *entry = &entries[count];
        entry->start = start;
        entry->end = end;
        entry->offset = offset;
        entry->prot = (perms[0] == 'r' ? 1 : 0) | (perms[1] == 'w' ? 2 : 0) | (perms[2] == 'x' ? 4 : 0);
        entry->path = strdup(path);
        if (!entry->path) break;
        entry->id_length = 0;
        // Mappings of one file are adjacent: read its build-id once.
        if (count > 0 && strcmp(entries[count - 1].path, path) == 0) {
            entry->id_length = entries[count - 1].id_length;
            memcpy(entry->id, entries[count - 1].id, sizeof entry->id);
        } else if (path[0] == '/') {
            entry->id_length = read_build_id(path, entry->id, sizeof entry->id);
        }
        count++;
    }
    fclose(maps);
    if (!entries) return -1;
    uint32_t size = 16;
    for (size_t i = 0; i < count; i++) size += 32 + (uint32_t)strlen(entries[i].path) + (uint32_t)entries[i].id_length;
    fs_out_record(out, FS_RECORD_MAPS, size);
    fs_out_u32(out, phase);
    fs_out_u32(out, (uint32_t)count);
    fs_out_u64(out, time_ns);
    for (size_t i = 0; i < count; i++) {
        size_t length = strlen(entries[i].path);
        fs_out_u64(out, entries[i].start);
        fs_out_u64(out, entries[i].end);
        fs_out_u64(out, entries[i].offset);
        fs_out_u32(out, entries[i].prot);
        fs_out_u16(out, (uint16_t)length);
        fs_out_u16(out, (uint16_t)entries[i].id_length);
        fs_out_bytes(out, entries[i].path, length);
        fs_out_bytes(out, entries[i].id, (size_t)entries[i].id_length);
        free(entries[i].path);
    }
    free(entries);
    return 0;
}

static size_t read_small_file(const char *path, char *buffer, size_t capacity) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buffer, capacity);
    close(fd);
    if (n <= 0) return 0;
    while (n > 0 && buffer[n - 1] == '\n') n--;
    return (size_t)n;
}

// The PROCESS record: the process name and the executable's path.
int fs_write_process(fs_out *out) {
    char comm[64], exe[4096];
    size_t comm_length = read_small_file("/proc/self/comm", comm, sizeof comm);
    ssize_t exe_length = readlink("/proc/self/exe", exe, sizeof exe);
    if (exe_length < 0) exe_length = 0;
    fs_out_record(out, FS_RECORD_PROCESS, 4 + (uint32_t)comm_length + (uint32_t)exe_length);
    fs_out_u16(out, (uint16_t)comm_length);
    fs_out_u16(out, (uint16_t)exe_length);
    fs_out_bytes(out, comm, comm_length);
    fs_out_bytes(out, exe, (size_t)exe_length);
    return 0;
}
