import Foundation
import RotaModel
import RotaStore
import Testing

/// The example collector's merge as Fix Inventory 4.2.0's worker sent it (12 nodes with the
/// graph root, the cloud marked `replace`, 19 edges and a deferred edge found by a search),
/// with the kinds of its model the merge needs, with their real bases.
enum CapturedGraph {
    static let root = "jhGgCglHlbuWRQy1l0y_FA"
    static let cloud = "ZHoSnFpbxxILQHKBxsvVwA"
    static let account = "vfKMDXmQWbiGi7RXMUAoKA"
    static let usWest = "q-ewFfplOZDQGF3A65lR2w"
    static let usEast = "GShw-CLGQhHwnyVHeKS3Lg"
    static let network1 = "qcHksTtfCf6QFdAbnFsYGg"
    static let network2 = "r8vyhofp9H_ZOQclF8ULAQ"
    static let instance1 = "0jeoEqhN7OMxv1dWmYQohg"
    static let instance2 = "2tM9qkmkHF4Tm0RzK3auqQ"
    static let volume1 = "27C24lN1MusHq2K-di8EpA"
    static let volume2 = "5hPmglbsysTeebkV2woQWA"
    static let custom = "BA3v65_fMc3ccW0eVasqkg"

    static let kinds: [String: [String]] = [
        "resource": [], "phantom_resource": ["resource"], "graph_root": ["phantom_resource"], "base_cloud": ["phantom_resource"],
        "cloud": ["base_cloud"], "account": ["resource"], "region": ["phantom_resource"], "instance": ["resource"],
        "network": ["resource"], "volume": ["resource"], "example_resource": [], "example_account": ["account"],
        "example_region": ["region"], "example_instance": ["example_resource", "instance"],
        "example_network": ["example_resource", "network"], "example_volume": ["example_resource", "volume"],
        "example_custom_resource": ["example_resource", "resource"],
    ]

    static let body = #"""
        {"id": "jhGgCglHlbuWRQy1l0y_FA", "reported": {"id": "root", "tags": {}, "name": "root", "kind": "graph_root"}, "metadata": {"python_type": "fixlib.baseresources.GraphRoot", "categories": ["management"]}}
        {"id": "ZHoSnFpbxxILQHKBxsvVwA", "reported": {"id": "example", "tags": {}, "name": "example", "kind": "cloud"}, "metadata": {"python_type": "fixlib.baseresources.Cloud", "categories": ["management"], "replace": true}}
        {"id": "vfKMDXmQWbiGi7RXMUAoKA", "reported": {"id": "Example Account", "tags": {}, "name": "Example Account", "kind": "example_account"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleAccount", "categories": ["management"], "exported_at": "2026-12-03T16:30:14Z"}}
        {"id": "q-ewFfplOZDQGF3A65lR2w", "reported": {"id": "us-west", "tags": {"Some Tag": "Some Value"}, "name": "US West", "kind": "example_region"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleRegion", "categories": ["management"]}}
        {"id": "GShw-CLGQhHwnyVHeKS3Lg", "reported": {"id": "us-east", "tags": {"Some Tag": "Some Value"}, "name": "US East", "kind": "example_region"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleRegion", "categories": ["management"]}}
        {"id": "qcHksTtfCf6QFdAbnFsYGg", "reported": {"id": "someNetwork1", "tags": {"Name": "Example Network 1"}, "name": "someNetwork1", "cidr_blocks": [], "kind": "example_network"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleNetwork", "categories": ["networking"]}}
        {"id": "r8vyhofp9H_ZOQclF8ULAQ", "reported": {"id": "someNetwork2", "tags": {"Name": "Example Network 2"}, "name": "someNetwork2", "cidr_blocks": [], "kind": "example_network"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleNetwork", "categories": ["networking"]}}
        {"id": "0jeoEqhN7OMxv1dWmYQohg", "reported": {"id": "someInstance1", "tags": {"Name": "Example Instance 1", "expiration": "2d", "owner": "lukas"}, "name": "someInstance1", "ctime": "2026-12-03T16:30:14Z", "mtime": "2026-12-03T16:30:14Z", "atime": "2026-12-03T16:30:14Z", "instance_cores": 4, "instance_memory": 32, "instance_type": "", "instance_status": "running", "kind": "example_instance"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleInstance", "categories": ["compute"]}}
        {"id": "2tM9qkmkHF4Tm0RzK3auqQ", "reported": {"id": "someInstance2", "tags": {"Name": "Example Instance 2", "expiration": "36h", "fix:ctime": "2019-09-05T10:40:11+00:00"}, "name": "someInstance2", "ctime": "2019-09-05T10:40:11Z", "instance_cores": 0.0, "instance_memory": 0.0, "instance_type": "", "instance_status": "stopped", "kind": "example_instance"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleInstance", "categories": ["compute"]}}
        {"id": "27C24lN1MusHq2K-di8EpA", "reported": {"id": "someVolume1", "tags": {"Name": "Example Volume 1"}, "name": "someVolume1", "volume_size": 0, "volume_type": "", "volume_status": "in-use", "snapshot_before_delete": false, "kind": "example_volume"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleVolume", "categories": ["storage"]}}
        {"id": "5hPmglbsysTeebkV2woQWA", "reported": {"id": "someVolume2", "tags": {"Name": "Example Volume 2"}, "name": "someVolume2", "volume_size": 0, "volume_type": "", "volume_status": "available", "snapshot_before_delete": false, "kind": "example_volume"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleVolume", "categories": ["storage"]}}
        {"id": "BA3v65_fMc3ccW0eVasqkg", "reported": {"id": "someExampleResource", "tags": {}, "name": "someExampleResource", "custom_string_attribute": "", "custom_int_attribute": 0, "custom_optional_float_attribute": 10.0, "custom_dict_attribute": {}, "custom_list_attribute": ["foo", "bar"], "kind": "example_custom_resource"}, "metadata": {"python_type": "fix_plugin_example_collector.ExampleCustomResource", "categories": ["misc"]}}
        {"from": "jhGgCglHlbuWRQy1l0y_FA", "to": "ZHoSnFpbxxILQHKBxsvVwA"}
        {"from": "ZHoSnFpbxxILQHKBxsvVwA", "to": "vfKMDXmQWbiGi7RXMUAoKA"}
        {"from": "vfKMDXmQWbiGi7RXMUAoKA", "to": "q-ewFfplOZDQGF3A65lR2w"}
        {"from": "vfKMDXmQWbiGi7RXMUAoKA", "to": "GShw-CLGQhHwnyVHeKS3Lg"}
        {"from": "q-ewFfplOZDQGF3A65lR2w", "to": "qcHksTtfCf6QFdAbnFsYGg"}
        {"from": "q-ewFfplOZDQGF3A65lR2w", "to": "0jeoEqhN7OMxv1dWmYQohg"}
        {"from": "q-ewFfplOZDQGF3A65lR2w", "to": "27C24lN1MusHq2K-di8EpA"}
        {"from": "q-ewFfplOZDQGF3A65lR2w", "to": "BA3v65_fMc3ccW0eVasqkg"}
        {"from": "GShw-CLGQhHwnyVHeKS3Lg", "to": "r8vyhofp9H_ZOQclF8ULAQ"}
        {"from": "GShw-CLGQhHwnyVHeKS3Lg", "to": "2tM9qkmkHF4Tm0RzK3auqQ"}
        {"from": "GShw-CLGQhHwnyVHeKS3Lg", "to": "5hPmglbsysTeebkV2woQWA"}
        {"from": "qcHksTtfCf6QFdAbnFsYGg", "to": "0jeoEqhN7OMxv1dWmYQohg"}
        {"from": "qcHksTtfCf6QFdAbnFsYGg", "to": "0jeoEqhN7OMxv1dWmYQohg", "edge_type": "delete"}
        {"from": "r8vyhofp9H_ZOQclF8ULAQ", "to": "2tM9qkmkHF4Tm0RzK3auqQ"}
        {"from": "r8vyhofp9H_ZOQclF8ULAQ", "to": "2tM9qkmkHF4Tm0RzK3auqQ", "edge_type": "delete"}
        {"from": "0jeoEqhN7OMxv1dWmYQohg", "to": "27C24lN1MusHq2K-di8EpA"}
        {"from": "2tM9qkmkHF4Tm0RzK3auqQ", "to": "5hPmglbsysTeebkV2woQWA"}
        {"from": "27C24lN1MusHq2K-di8EpA", "to": "0jeoEqhN7OMxv1dWmYQohg", "edge_type": "delete"}
        {"from": "5hPmglbsysTeebkV2woQWA", "to": "2tM9qkmkHF4Tm0RzK3auqQ", "edge_type": "delete"}
        {"from_selector": {"node_id": "0jeoEqhN7OMxv1dWmYQohg"}, "to_selector": {"search_criteria": "is(instance) and reported.id = someInstance2"}, "edge_type": "default"}
        """#

    /// The body's lines.
    static var lines: [String] { body.split(separator: "\n").map(String.init) }

    /// The body without the lines that mention `id`.
    static func body(without id: String) -> String {
        lines.filter { !$0.contains(id) }.map { $0 + "\n" }.joined()
    }
}
