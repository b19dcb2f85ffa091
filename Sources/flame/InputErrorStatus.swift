import FlameIngest
import FlameModel

// Until FlameIngest's errors carry their own exit status (issue 8, item 7),
// the command line gives InputError the one it always had. Delete this file
// when InputError conforms to FlameError in FlameIngest.
extension InputError: FlameError {
    public var exitStatus: Int32 { 1 }
}
