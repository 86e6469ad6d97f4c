-- Several vote server nodes on one database (external mode). Each node says it is alive every few seconds; a
-- node that stopped saying so is dead, and the presence it held expires.
CREATE TABLE server_node (
    node_id text        PRIMARY KEY,
    seen_at timestamptz NOT NULL DEFAULT now()
);

-- Who is in which room through which node: a row while the guest has at least one connection to that node.
-- A guest is present while any row remains. Written under the room row's lock, like the room's events. No
-- foreign key to server_node: a node's row may go first; its presence rows then count as a dead node's.
CREATE TABLE presence (
    room_id  bigint NOT NULL REFERENCES room (id) ON DELETE CASCADE,
    guest_id bigint NOT NULL REFERENCES guest (id) ON DELETE CASCADE,
    node_id  text   NOT NULL,
    PRIMARY KEY (room_id, guest_id, node_id)
);
CREATE INDEX presence_node ON presence (node_id);
